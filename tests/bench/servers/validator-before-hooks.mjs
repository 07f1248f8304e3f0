/**
 * Module resolution hooks (registered by validator-before-register.ts) that put
 * servers/validator-before.ts in place of Consenso's body validator, for the replay's
 * "validator before TRUST-*" row. Only the benchmark's server process loads them.
 */
const BODY_UPDATE = '/server/src/collab/validation/body-update.ts'
const replacement = new URL('./validator-before.ts', import.meta.url).href
const real = {
  'consenso-bench-real:body-update': new URL('../../../server/src/collab/validation/body-update.ts', import.meta.url).href,
  'consenso-bench-real:update-validation': new URL('../../../server/src/collab/update-validation.ts', import.meta.url).href,
}

/** Plain JavaScript: hooks run in Node's loader thread, before any TypeScript loader applies to them. */
export async function resolve(specifier, context, nextResolve) {
  const target = real[specifier]
  if (target) return nextResolve(target, context)
  const resolved = await nextResolve(specifier, context)
  if (new URL(resolved.url).pathname.endsWith(BODY_UPDATE) && context.parentURL !== replacement) return { ...resolved, url: replacement, shortCircuit: true }
  return resolved
}
