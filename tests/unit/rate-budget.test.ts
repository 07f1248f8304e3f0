/*
 * RateBudget rules (a token bucket for messages and one for bytes, per connection):
 * [RATE-1] A fresh budget allows a burst of exactly `messageBurst` messages at one instant,
 *          then refuses.
 * [RATE-2] Messages refill at `messagesPerSecond`, fractions accumulate across refused
 *          attempts, and a long idle time refills no more than the burst.
 * [RATE-3] Bytes are budgeted too: a message larger than what is left is refused even with
 *          messages to spare, bytes refill at `bytesPerSecond`, and a message larger than
 *          `byteBurst` is never allowed.
 * [RATE-4] A refused message costs nothing: it spends neither a message nor bytes.
 */
import { describe, expect, it } from 'vitest'
import { RateBudget, type RateLimits } from '@consenso/server/collab'

/** A clock the test moves by hand, in milliseconds like performance.now(). */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1_000
  return {
    now: () => time,
    advance: (ms) => {
      time += ms
    },
  }
}

// Rates that are powers of two keep every refill exact in floating point.
const limits: RateLimits = { messageBurst: 5, messagesPerSecond: 4, byteBurst: 1024, bytesPerSecond: 512 }

/** How many `bytes`-sized messages pass right now, spending until the first refusal. */
function drain(budget: RateBudget, bytes = 1): number {
  let passed = 0
  while (budget.spend(bytes)) {
    passed += 1
    if (passed > 1_000) throw new Error('the budget never ran out')
  }
  return passed
}

describe('RateBudget', () => {
  it('[RATE-1] allows exactly the burst at one instant, then refuses', () => {
    const clock = manualClock()
    const budget = new RateBudget(limits, clock.now)
    for (let i = 0; i < limits.messageBurst; i++) expect(budget.spend(10), `message ${i + 1}`).toBe(true)
    expect(budget.spend(10)).toBe(false)
    expect(budget.spend(0)).toBe(false)
  })

  it('[RATE-2] refills messages over time, never beyond the burst', () => {
    const clock = manualClock()
    const budget = new RateBudget(limits, clock.now)
    expect(drain(budget)).toBe(5)

    // 4 per second: one message every 250 ms.
    clock.advance(125)
    expect(budget.spend(1)).toBe(false)
    clock.advance(125)
    expect(budget.spend(1)).toBe(true)
    expect(budget.spend(1)).toBe(false)

    clock.advance(750)
    expect(drain(budget)).toBe(3)

    clock.advance(60 * 60 * 1000)
    expect(drain(budget)).toBe(limits.messageBurst)
  })

  it('[RATE-3] budgets bytes separately from messages', () => {
    const clock = manualClock()
    const budget = new RateBudget({ ...limits, messageBurst: 100 }, clock.now)
    expect(budget.spend(1000)).toBe(true)
    // 24 bytes left, plenty of messages.
    expect(budget.spend(100)).toBe(false)
    expect(budget.spend(24)).toBe(true)
    expect(budget.spend(1)).toBe(false)

    // 512 bytes per second: 128 bytes in 250 ms.
    clock.advance(250)
    expect(budget.spend(129)).toBe(false)
    expect(budget.spend(128)).toBe(true)

    clock.advance(60 * 60 * 1000)
    expect(budget.spend(limits.byteBurst + 1)).toBe(false)
    expect(budget.spend(limits.byteBurst)).toBe(true)
  })

  it('[RATE-4] a refused message spends nothing', () => {
    const clock = manualClock()
    const budget = new RateBudget({ ...limits, messageBurst: 2 }, clock.now)
    expect(budget.spend(1000)).toBe(true)
    // Refused for its size: it must leave the last message and the 24 bytes in the bucket.
    for (let i = 0; i < 10; i++) expect(budget.spend(500)).toBe(false)
    expect(budget.spend(24)).toBe(true)
    expect(budget.spend(0)).toBe(false)

    clock.advance(250)
    // Refused for lack of bytes after the refill of one message: the message stays.
    expect(budget.spend(1024)).toBe(false)
    expect(budget.spend(128)).toBe(true)
  })
})
