/**
 * The server's clock, as this browser can know it. Times people see (suggestions, comments,
 * positions) are stamped by the server, or by a browser on the server's time; showing them
 * against this computer's own clock made them read "in 20 seconds" on a computer whose clock
 * is behind, and differ from screen to screen. So every API answer teaches us the offset: its
 * `Date` header says the server's time to the second, at some moment between sending the
 * request and receiving the answer. Each answer bounds the offset from both sides; we keep
 * the intersection of those bounds (it narrows to well under a second after a few answers)
 * and use its middle. The first answer arrives as the page opens (who is signed in).
 */
let low = -Infinity
let high = Infinity
let offset = 0

/** Now, on the server's clock (ms since the epoch). */
export function serverNow(): number {
  return Date.now() + offset
}

/** Learns from one answer: `sentAt` and `receivedAt` on this computer's clock. */
export function learnServerTime(dateHeader: string | null, sentAt: number, receivedAt: number): void {
  if (!dateHeader) return
  const server = Date.parse(dateHeader)
  if (Number.isNaN(server)) return
  // The header is truncated to the second: the server's time was in [server, server + 1000).
  const from = server - receivedAt
  const to = server + 1000 - sentAt
  if (from > high || to < low) {
    // One of the clocks jumped (the computer's was set, or it slept): start again from this answer.
    low = from
    high = to
  } else {
    low = Math.max(low, from)
    high = Math.min(high, to)
  }
  offset = Math.round((low + high) / 2)
}

/** For tests: forget what was learned. */
export function resetServerClock(): void {
  low = -Infinity
  high = Infinity
  offset = 0
}
