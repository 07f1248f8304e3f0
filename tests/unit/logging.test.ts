/**
 * [OPS-9] Warnings and errors are written once per cause and interval; the next line after
 * the interval says how many were left out. Lower levels always pass.
 */
import { describe, expect, it } from 'vitest'
import { oncePerCause } from '@consenso/server/logging'

function harness(intervalMs: number) {
  let clock = 0
  const written: unknown[][] = []
  const hook = oncePerCause(intervalMs, () => clock)
  const log = (level: number, ...args: unknown[]): void => hook.call(null, args, (...out: unknown[]) => void written.push(out), level)
  return { written, log, advance: (ms: number) => void (clock += ms) }
}

describe('log lines per cause', () => {
  it('[OPS-9] a storage error repeated by every retry is written once per minute, with the count of the ones left out', () => {
    const { written, log, advance } = harness(60_000)
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    const readOnly = Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' })
    for (let i = 0; i < 200; i++) {
      log(50, { err: full, key: { documentId: `d${i % 7}` } }, 'commit failed')
      log(40, { code: 4500, reason: 'storage failure, retry' }, 'closing collaboration connection')
      advance(50)
    }
    // Another cause is another line; an info line always passes.
    log(50, { err: readOnly }, 'commit failed')
    log(30, { x: 1 }, 'request completed')
    log(30, { x: 1 }, 'request completed')
    expect(written.map((args) => args[1])).toEqual(['commit failed', 'closing collaboration connection', 'commit failed', 'request completed', 'request completed'])

    advance(60_000)
    log(50, { err: full }, 'commit failed')
    expect(written.at(-1)).toEqual([{ err: full, repeated: 199, repeatedWithinSeconds: 70 }, 'commit failed'])
    log(50, 'a line without fields')
    log(50, 'a line without fields')
    expect(written.filter((args) => args[0] === 'a line without fields')).toHaveLength(1)
  })
})
