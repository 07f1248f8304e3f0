/**
 * Password hashing with Node's scrypt and a per-user random salt. The stored form names its
 * parameters, so they can be raised later without invalidating existing hashes.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scryptCallback(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))),
  )

/** N=2^15, r=8, p=1: about 32 MiB and a few tens of milliseconds per check. */
const DEFAULT = { N: 2 ** 15, r: 8, p: 1, keylen: 32 }
const MAX_MEMORY = 128 * 1024 * 1024

export const PASSWORD_MIN_LENGTH = 10
export const PASSWORD_MAX_LENGTH = 256

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, DEFAULT.keylen, { N: DEFAULT.N, r: DEFAULT.r, p: DEFAULT.p, maxmem: MAX_MEMORY })
  return ['scrypt', DEFAULT.N, DEFAULT.r, DEFAULT.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEMORY,
  })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A hash that matches no password, checked when the account does not exist so timing reveals nothing. */
export const UNUSABLE_HASH = `scrypt$${DEFAULT.N}$${DEFAULT.r}$${DEFAULT.p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`
