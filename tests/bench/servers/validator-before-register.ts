/** Preloaded (--import) into Consenso when BENCH_VALIDATOR=before: see validator-before-hooks.mjs. */
import { register } from 'node:module'

register(new URL('./validator-before-hooks.mjs', import.meta.url))
console.error('bench: Consenso runs with the body validator as it was before TRUST-* (BENCH_VALIDATOR=before)')
