/**
 * Password hashing with Node's scrypt and a per-user random salt. The stored form names its
 * parameters, so they can be raised later without invalidating existing hashes.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { ConcurrencyGate, GateFullError } from '../concurrency-gate.ts'

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scryptCallback(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))),
  )

/** N=2^15, r=8, p=1: about 32 MiB and a few tens of milliseconds per check. */
const DEFAULT = { N: 2 ** 15, r: 8, p: 1, keylen: 32 }
const MAX_MEMORY = 128 * 1024 * 1024

/**
 * Each hash holds 32 MiB and a thread-pool thread for tens of milliseconds: sign-ins sent in
 * parallel must not take the server's memory and threads. A few run at once, some wait, and
 * beyond that the request is refused at once (HashBusyError: the route answers 503).
 */
// One core is left to the event loop: on a 2-core machine, hashes on both cores held other
// drafts' round trips for seconds during a sign-in flood (LIMITS-1, 300 parallel sign-ins).
export const MAX_CONCURRENT_HASHES = Math.max(1, Math.min(4, availableParallelism() - 1))
export const MAX_WAITING_HASHES = 32

/** Too many password checks at once: the route answers 503 (errors.ts). */
export class HashBusyError extends Error {}

const hashing = new ConcurrencyGate(MAX_CONCURRENT_HASHES, MAX_WAITING_HASHES)

async function gated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await hashing.run(work)
  } catch (error) {
    if (error instanceof GateFullError) throw new HashBusyError('too many password checks at once')
    throw error
  }
}

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@consenso/protocol'

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await gated(() => scrypt(password, salt, DEFAULT.keylen, { N: DEFAULT.N, r: DEFAULT.r, p: DEFAULT.p, maxmem: MAX_MEMORY }))
  return ['scrypt', DEFAULT.N, DEFAULT.r, DEFAULT.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await gated(() =>
    scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: MAX_MEMORY,
    }),
  )
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A hash that matches no password, checked when the account does not exist so timing reveals nothing. */
export const UNUSABLE_HASH = `scrypt$${DEFAULT.N}$${DEFAULT.r}$${DEFAULT.p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`
