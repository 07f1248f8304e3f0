/**
 * Waiting for a condition with a bounded timeout: the only way tests wait. On timeout the
 * error says what was awaited and, if given, what the state looked like.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  { timeoutMs = 10_000, describe }: { timeoutMs?: number; describe?: () => unknown } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let delay = 5
  for (;;) {
    if (await condition()) return
    if (Date.now() > deadline) {
      const state = describe ? `; state: ${JSON.stringify(describe())}` : ''
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${state}`)
    }
    await new Promise((resolve) => setTimeout(resolve, delay))
    delay = Math.min(delay * 2, 50)
  }
}

/** A promise for the next event `name` of an emitter-like object, bounded in time. */
export function nextEvent<T = unknown>(
  target: { once(name: string, listener: (...args: never[]) => void): unknown },
  name: string,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for event "${name}"`)), timeoutMs)
    target.once(name, ((value: T) => {
      clearTimeout(timer)
      resolve(value)
    }) as never)
  })
}
