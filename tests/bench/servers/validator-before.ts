/**
 * Stands in for server/src/collab/validation/body-update.ts in a benchmarked Consenso started
 * with BENCH_VALIDATOR=before (see validator-before-hooks.mjs): everything the module exports
 * stays the real one except `checkBodyUpdate`, which is the validator as it was before TRUST-*
 * (lib/validator-before.ts). For measuring what the checks cost; never part of the server.
 */
// Virtual names the hooks resolve to the real modules (an own export below shadows the star).
// @ts-expect-error resolved by validator-before-hooks.mjs only
export * from 'consenso-bench-real:body-update'
// @ts-expect-error resolved by validator-before-hooks.mjs only
import { InvalidUpdateError } from 'consenso-bench-real:update-validation'
import { validateBefore } from '../lib/validator-before.ts'

export function checkBodyUpdate(_live: unknown, update: Uint8Array): { empty: boolean } {
  return validateBefore(update, (why) => new (InvalidUpdateError as new (message: string) => Error)(why))
}
