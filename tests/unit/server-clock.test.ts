/**
 * UI-TIME-1: times are shown against the server's clock, learned from the Date headers of API
 * answers, and never in the future.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { relativeTime } from '@consenso/client/format'
import { learnServerTime, resetServerClock, serverNow } from '@consenso/client/server-clock'

afterEach(() => {
  resetServerClock()
  vi.useRealTimers()
})

describe("the server's clock in the browser", () => {
  it('[UI-TIME-1] learns the offset from Date headers, narrowing it with each answer', () => {
    vi.useFakeTimers()
    // This computer runs 20.4 s behind the server.
    const skew = 20_400
    const local = Date.parse('2026-03-12T14:05:00.000Z')
    const answer = (sentAt: number, serverHandledAt: number, receivedAt: number) =>
      learnServerTime(new Date(Math.floor(serverHandledAt / 1000) * 1000).toUTCString(), sentAt, receivedAt)
    answer(local, local + skew + 30, local + 60)
    vi.setSystemTime(local + 100)
    expect(Math.abs(serverNow() - (local + 100 + skew))).toBeLessThanOrEqual(600)
    // More answers at other moments of the second narrow it down.
    for (let i = 1; i <= 8; i++) {
      const sent = local + i * 1237
      answer(sent, sent + skew + 20, sent + 40)
    }
    vi.setSystemTime(local + 20_000)
    expect(Math.abs(serverNow() - (local + 20_000 + skew))).toBeLessThanOrEqual(150)
  })

  it('[UI-TIME-1] starts again when a clock jumps, and ignores answers without a usable Date', () => {
    vi.useFakeTimers()
    const local = Date.parse('2026-03-12T14:05:00.000Z')
    vi.setSystemTime(local)
    learnServerTime(new Date(local).toUTCString(), local, local + 20)
    learnServerTime(null, local, local + 20)
    learnServerTime('not a date', local, local + 20)
    expect(Math.abs(serverNow() - local)).toBeLessThanOrEqual(600)
    // The computer's clock is set back an hour.
    learnServerTime(new Date(local).toUTCString(), local - 3_600_000, local - 3_600_000 + 20)
    vi.setSystemTime(local - 3_600_000)
    expect(Math.abs(serverNow() - local)).toBeLessThanOrEqual(600)
  })

  it('[UI-TIME-1] a time ahead of the server clock reads "now", never "in 20 seconds"', () => {
    const now = Date.parse('2026-03-12T14:05:00.000Z')
    expect(relativeTime(new Date(now + 20_000).toISOString(), 'en', now)).toBe('now')
    expect(relativeTime(new Date(now + 20_000).toISOString(), 'es', now)).toBe('ahora')
    expect(relativeTime(new Date(now - 3 * 60_000).toISOString(), 'en', now)).toBe('3 minutes ago')
  })
})
