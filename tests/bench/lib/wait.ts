/** Bounded waiting: every wait in the bench has a deadline and says what it waited for. */

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export async function waitFor(condition: () => boolean, what: string, timeoutMs: number, pollMs = 5): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(pollMs)
  }
}

/** Runs `tasks` with at most `limit` at once, in order of their index. */
export async function pool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++
      results[index] = await task(index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker))
  return results
}

/**
 * The latencies of the samples whose ids are in [firstId, endId), once `expected` of them have
 * arrived or `timeoutMs` has passed: what is still missing then is reported by the caller
 * (counted as missing), not failed.
 */
export async function drained(samples: readonly { id: number; latency: number }[], firstId: number, endId: number, expected: number, what: string, timeoutMs: number): Promise<number[]> {
  const inWindow = (id: number): boolean => id >= firstId && id < endId
  let delivered = 0
  let counted = 0
  await waitFor(
    () => {
      for (; counted < samples.length; counted++) if (inWindow(samples[counted]!.id)) delivered++
      return delivered >= expected
    },
    what,
    timeoutMs,
  ).catch(() => {})
  return samples.filter((sample) => inWindow(sample.id)).map((sample) => sample.latency)
}
