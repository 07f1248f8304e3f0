/**
 * Where a server's CPU time went: reads V8 CPU profiles written with BENCH_CPU_PROFILE_DIR
 * and prints self time by package (or Consenso source folder) and the top functions.
 *
 *   BENCH_CPU_PROFILE_DIR=/tmp/prof pnpm bench -- --only=replay --reps=1
 *   pnpm --filter @consenso/bench exec tsx profile-summary.ts /tmp/prof/<file>.cpuprofile
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

/** A readable owner for a script URL: the npm package, the Consenso folder, or node itself. */
function owner(url: string): string {
  if (!url) return '(native / idle / gc)'
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return pkg[1]!
  const ours = /\/work\/[^/]+\/((?:server|packages\/[^/]+)\/src\/[^/]+)/.exec(url) ?? /((?:server|packages\/[^/]+)\/src\/[^/]+)/.exec(url)
  if (ours) return ours[1]!
  if (url.startsWith('node:')) return 'node core'
  return url.replace(/^file:\/\//, '')
}

for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const selfMs = new Map<number, number>()
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000))
  const byOwner = new Map<string, number>()
  const byFunction = new Map<string, number>()
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)!.callFrame
    if (frame.functionName === '(idle)') continue
    const who = owner(frame.url)
    byOwner.set(who, (byOwner.get(who) ?? 0) + ms)
    const name = `${frame.functionName || '(anonymous)'} ${who}:${frame.lineNumber + 1}`
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms)
  }
  // Total time: each sample counts once for every distinct function on its stack.
  const parentOf = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id)
  const nameOf = (id: number): string => {
    const frame = byId.get(id)!.callFrame
    return `${frame.functionName || '(anonymous)'} ${owner(frame.url)}:${frame.lineNumber + 1}`
  }
  const byFunctionTotal = new Map<string, number>()
  for (const [id, ms] of selfMs) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)!.callFrame
      if (!frame.url) continue
      const name = nameOf(at)
      if (seen.has(name)) continue
      seen.add(name)
      byFunctionTotal.set(name, (byFunctionTotal.get(name) ?? 0) + ms)
    }
  }
  const total = [...byOwner.values()].reduce((a, b) => a + b, 0)
  const top = (map: Map<string, number>, n: number): string =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => `  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n')
  console.log(`${file}: ${total.toFixed(0)} ms busy of ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms profiled`)
  console.log(`by owner:\n${top(byOwner, 15)}`)
  console.log(`by function (self time):\n${top(byFunction, 25)}`)
  console.log(`by function (total time):\n${top(byFunctionTotal, Number(process.env.TOP ?? 40))}\n`)
}
