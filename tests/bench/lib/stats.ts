/** Percentiles and medians; nothing here judges a number, the bench only reports. */

/** Nearest-rank percentile of unsorted samples (p in 0..100); NaN when there are none. */
export function percentile(samples: ArrayLike<number>, p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = Float64Array.from(samples).sort()
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

export function median(values: number[]): number {
  const finite = values.filter((value) => Number.isFinite(value))
  return finite.length === 0 ? Number.NaN : percentile(finite, 50)
}

/** How the updates of a measured window reached the other clients, and what the server spent on them. */
export interface DeliveryStats {
  deliveries: number
  expectedDeliveries: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  serverCpuMs: number
  cpuUsPerDelivery: number
  /** Server CPU in ms per second of the window (1000 = one core busy). */
  serverCpuMsPerSecond: number
}
