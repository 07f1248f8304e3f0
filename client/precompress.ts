/**
 * Writes `name.br` and `name.gz` next to every compressible file of the build, once, at the
 * highest levels: the server sends them as they are (@fastify/static's preCompressed), so no
 * request pays for compression and the editor chunk goes out at about a quarter of its size.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Plugin } from 'vite'

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|ttf)$/
// Below this, the headers cost more than the saving.
const MIN_BYTES = 1024
const brotli = promisify(brotliCompress)
const gz = promisify(gzip)

async function compressFile(path: string): Promise<void> {
  const raw = await readFile(path)
  if (raw.length < MIN_BYTES) return
  // Both at once, and every file at once: zlib works on libuv's thread pool.
  const [br, gzipped] = await Promise.all([
    brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
    gz(raw, { level: 9 }),
  ])
  if (br.length < raw.length) await writeFile(`${path}.br`, br)
  if (gzipped.length < raw.length) await writeFile(`${path}.gz`, gzipped)
}

export function precompress(): Plugin {
  return {
    name: 'consenso-precompress',
    apply: 'build',
    // After the files are on disk, so the compressed copies are of exactly what is served.
    async writeBundle(options, bundle) {
      const dir = options.dir
      if (!dir) return
      const files = Object.keys(bundle).filter((fileName) => COMPRESSIBLE.test(fileName))
      await Promise.all(files.map((fileName) => compressFile(join(dir, fileName))))
    },
  }
}
