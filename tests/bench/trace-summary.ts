/**
 * Where a page's main thread went while typing: reads Chromium traces written with
 * BENCH_KEYSTROKE_TRACE_DIR and prints self time per trace event (style recalculation,
 * layout, paint, script, input, tasks) on the renderer's main thread, per keystroke.
 *
 *   BENCH_KEYSTROKE_TRACE_DIR=/tmp/trace pnpm bench -- --only=keystroke --reps=1
 *   pnpm --filter @consenso/bench exec tsx trace-summary.ts /tmp/trace/<file>.json [keystrokes]
 */
import { readFileSync } from 'node:fs'

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  args?: Record<string, unknown>
}

const files = process.argv.slice(2).filter((arg) => !/^\d+$/.test(arg))
const keystrokes = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 200)

for (const file of files) {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[]
  const events = Array.isArray(raw) ? raw : raw.traceEvents
  // The renderer main threads; the busiest one is the typing page's.
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`)
  const busy = new Map<string, number>()
  for (const e of events) if (e.ph === 'X' && e.name === 'RunTask' && mains.includes(`${e.pid}:${e.tid}`)) busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0))
  const main = [...busy.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]
  if (!main) {
    console.log(`${file}: no renderer main thread`)
    continue
  }
  const spans = events
    .filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === main && (e.dur ?? 0) > 0)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  const stack: { name: string; end: number; childUs: number; dur: number }[] = []
  const close = (until: number): void => {
    while (stack.length && stack.at(-1)!.end <= until) {
      const done = stack.pop()!
      self.set(done.name, (self.get(done.name) ?? 0) + done.dur - done.childUs)
    }
  }
  for (const e of spans) {
    close(e.ts)
    const label = e.name === 'FunctionCall' || e.name === 'EvaluateScript' ? e.name : e.name
    const parent = stack.at(-1)
    if (parent) parent.childUs += e.dur!
    if (!stack.some((s) => s.name === label)) total.set(label, (total.get(label) ?? 0) + e.dur!)
    stack.push({ name: label, end: e.ts + e.dur!, childUs: 0, dur: e.dur! })
  }
  close(Number.POSITIVE_INFINITY)
  const tasks = busy.get(main)! / 1000
  const rows = (map: Map<string, number>): string =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([name, us]) => `  ${(us / 1000 / keystrokes).toFixed(2).padStart(7)} ms/key ${((100 * us) / 1000 / tasks).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n')
  console.log(`${file}: ${(tasks / keystrokes).toFixed(2)} ms of tasks per keystroke (${tasks.toFixed(0)} ms over ${keystrokes})`)
  console.log(`self time:\n${rows(self)}`)
  console.log(`total time (outermost of each name):\n${rows(total)}\n`)
}
