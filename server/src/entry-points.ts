/**
 * Where a file that runs on its own (a worker_threads script, say) lives: its TypeScript source
 * when the server runs from sources through tsx, its bundle `server/dist/<name>.js` when it
 * runs built. Register the file in ENTRY_POINTS of server/scripts/build.ts under that name.
 */

// Defined by the banner of every bundled file (server/scripts/build.ts); absent under tsx.
declare const __consensoBundleDir: URL | undefined

export function isBundled(): boolean {
  return typeof __consensoBundleDir !== 'undefined'
}

/** `source` is the entry's source file, e.g. `new URL('./worker.ts', import.meta.url)`. */
export function entryPointUrl(name: string, source: URL): URL {
  return typeof __consensoBundleDir === 'undefined' ? source : new URL(`${name}.js`, __consensoBundleDir)
}
