/**
 * A seeded random source (mulberry32). Randomized tests take their seed from
 * CONSENSO_SEED or draw one, and print it so a failing run can be replayed.
 */
export interface Random {
  seed: number
  next(): number
  int(maxExclusive: number): number
  pick<T>(items: readonly T[]): T
}

export function seededRandom(label: string): Random {
  const seed = process.env.CONSENSO_SEED ? Number(process.env.CONSENSO_SEED) : (Math.random() * 2 ** 32) >>> 0
  console.log(`[${label}] seed=${seed} (replay with CONSENSO_SEED=${seed})`)
  return randomFromSeed(seed)
}

/** A random source for one given seed (mulberry32), for tests that run many seeds in turn; prints nothing. */
export function randomFromSeed(seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    seed,
    next,
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)] as never,
  }
}
