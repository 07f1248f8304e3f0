/**
 * `pnpm bench`: every scenario against Consenso, Hocuspocus and y-websocket-server in one
 * run on this machine. Servers alternate within each repetition (the first one rotates), each
 * in its own process with fresh storage. Prints a Markdown table of medians and ratios,
 * writes results/<timestamp>.json, results/latest.json and SVG charts, and copies the charts to
 * docs/bench/ for the README. Nothing here asserts a timing; it measures and reports.
 *
 *   pnpm bench                      full run (about 10 minutes)
 *   pnpm bench -- --quick           small sizes, one repetition (a smoke run of the harness)
 *   pnpm bench -- --only=fanout,awareness,replay,memory,versions,import,validation,capacity,search --reps=N
 *                   --servers=consenso,hocuspocus,y-websocket-server,y-websocket-memory
 *   pnpm bench -- --only=fanout --fanout-clients=300      one fan-out size
 *   pnpm bench -- --only=replay --skip-cold-variants      the replay without Consenso's extra cold loads
 *   pnpm bench -- --only=capacity --capacity-steps=400,800,1200   the capacity ramp's steps (typists)
 *   pnpm bench -- --redraw          table and charts again from results/latest.json
 *   pnpm bench -- --consenso-env=STORAGE=memory --only=fanout   Consenso with extra settings (an
 *                                   experiment, e.g. without storage; saved as a partial run)
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { drawCharts } from './lib/charts.ts'
import { markdownTable, Summary, type Row } from './lib/report.ts'
import { SERVER_KINDS, startServer, type BenchServer, type ServerKind } from './lib/servers.ts'
import { loadTrace, type Trace } from './lib/trace.ts'
import { FANOUT_WORKLOADS, runFanout, type Carets, type FanoutTiming } from './scenarios/fanout.ts'
import { runMemory } from './scenarios/memory.ts'
import { runReplay } from './scenarios/replay.ts'
import { loadConcurrentTrace, runConcurrent, type ConcurrentTrace } from './scenarios/concurrent.ts'
import { runVersions } from './scenarios/versions.ts'
import { runValidation } from './scenarios/validation.ts'
import { runImport } from './scenarios/import.ts'
import { runSearch } from './scenarios/search.ts'
import { CAPACITY_P99_LIMIT_MS, runCapacity } from './scenarios/capacity.ts'
import { prepareKeystroke, runKeystroke } from './scenarios/keystroke.ts'
import { ensureBuilt, runProcess, type ProcessMode } from './scenarios/process.ts'

const SCENARIOS = ['fanout', 'awareness', 'replay', 'concurrent', 'memory', 'versions', 'import', 'keystroke', 'process', 'validation', 'capacity', 'search'] as const
type Scenario = (typeof SCENARIOS)[number]

/**
 * Consenso's cold load from the other stored forms of the same history. By default a draft
 * is folded into one snapshot when its last client leaves (PERF-3); a server stopped (or
 * killed) with the draft open leaves the log as written: a snapshot plus a tail under
 * COMPACT_AFTER_UPDATES, or with compaction off, the raw log.
 */
const COLD_LOAD_VARIANTS = [
  { id: 'open-tail', metric: 'first full sync after a restart, Consenso stopped with the draft open (snapshot plus under 500 updates)', compactAfter: '500' },
  { id: 'raw', metric: 'first full sync after a restart, Consenso stopped with the draft open and no compaction (the raw log)', compactAfter: '1000000' },
]

interface Config {
  quick: boolean
  servers: ServerKind[]
  reps: number
  only: Scenario[]
  /** --skip-cold-variants: the replay without Consenso's extra cold-load forms (three replays fewer per repetition). */
  skipColdVariants: boolean
  /** Typists per step of the capacity ramp (5 to a draft), each step on a fresh server. */
  capacitySteps: number[]
  /** How long each capacity step types, after its ramp. */
  capacityStepMs: number
  fanoutClients: number[]
  fanoutTiming: FanoutTiming
  awarenessClients: number
  carets: Carets
  replayTrace: string
  replayTxns: number
  replayBatch: number
  memoryDrafts: number
  memorySettleMs: number
  /** Updates timed through each validator on the 300-page draft. */
  validationUpdates: number
  /** How long the open drafts sit untouched before their memory is read. */
  memoryIdleMs: number
}

function parseArgs(argv: string[]): Config {
  const flags = new Map<string, string>()
  for (const arg of argv) {
    if (arg === '--') continue
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg)
    if (!match) throw new Error(`unknown argument ${arg} (try --quick, --reps=N, --only=${SCENARIOS.join(',')})`)
    flags.set(match[1]!, match[2] ?? 'true')
  }
  for (const name of flags.keys()) if (!['quick', 'reps', 'only', 'servers', 'consenso-env', 'fanout-clients', 'skip-cold-variants', 'capacity-steps'].includes(name)) throw new Error(`unknown option --${name}`)
  const fanoutClients = flags.get('fanout-clients')?.split(',').map(Number)
  if (fanoutClients?.some((n) => !Number.isInteger(n) || n < 2)) throw new Error('--fanout-clients wants whole numbers ≥ 2, e.g. --fanout-clients=300')
  const capacitySteps = flags.get('capacity-steps')?.split(',').map(Number)
  if (capacitySteps?.some((n) => !Number.isInteger(n) || n < 5 || n % 5 !== 0)) throw new Error('--capacity-steps wants multiples of 5, e.g. --capacity-steps=400,800,1200')
  const skipColdVariants = flags.get('skip-cold-variants') === 'true'
  consensoEnv = parseEnv(flags.get('consenso-env'))
  const servers = (flags.get('servers')?.split(',') ?? [...SERVER_KINDS]) as ServerKind[]
  for (const kind of servers) if (!SERVER_KINDS.includes(kind)) throw new Error(`unknown server ${kind} (${SERVER_KINDS.join(', ')})`)
  const quick = flags.get('quick') === 'true'
  const only = (flags.get('only')?.split(',') ?? [...SCENARIOS]) as Scenario[]
  for (const scenario of only) if (!SCENARIOS.includes(scenario)) throw new Error(`unknown scenario ${scenario}`)
  const reps = Number(flags.get('reps') ?? (quick ? 1 : 3))
  if (!Number.isInteger(reps) || reps < 1) throw new Error('--reps must be a whole number ≥ 1')
  const config: Config = quick
    ? {
        quick,
        servers,
        reps,
        only,
        skipColdVariants,
        capacitySteps: [10, 20],
        capacityStepMs: 2000,
        fanoutClients: [15, 30],
        fanoutTiming: { warmupMs: 200, measureMs: 800, drainTimeoutMs: 3000 },
        awarenessClients: 30,
        carets: { count: 5, hz: 10 },
        replayTrace: 'seph-blog1',
        replayTxns: 5000,
        replayBatch: 100,
        memoryDrafts: 20,
        memorySettleMs: 300,
        validationUpdates: 200,
        memoryIdleMs: 300,
      }
    : {
        quick,
        servers,
        reps,
        only,
        skipColdVariants,
        capacitySteps: [200, 400, 800, 1200, 1500, 2000],
        // Long enough for every draft (25 updates/s) to pass 500 updates, Consenso's default
        // COMPACT_AFTER_UPDATES, in the same seconds: a compaction stall would show in p99.
        capacityStepMs: 25_000,
        fanoutClients: [20, 100, 300],
        fanoutTiming: { warmupMs: 500, measureMs: 3000, drainTimeoutMs: 5000 },
        awarenessClients: 200,
        carets: { count: 20, hz: 10 },
        replayTrace: 'seph-blog1',
        replayTxns: Number.POSITIVE_INFINITY,
        replayBatch: 100,
        memoryDrafts: 1000,
        memorySettleMs: 1000,
        validationUpdates: 2000,
        // Longer than Consenso's default IDLE_DRAFT_SECONDS (10): an idle draft is one nobody
        // has touched for a while, and each server may do what it likes with it meanwhile.
        memoryIdleMs: 12_000,
      }
  if (fanoutClients) config.fanoutClients = fanoutClients
  if (capacitySteps) config.capacitySteps = capacitySteps
  return config
}

interface RunRecord {
  /** One-minute load average when the run started: other work on the machine shows here. */
  load: number
  rep: number
  server: ServerKind
  scenario: Scenario
  result?: unknown
  error?: string
}

const benchDir = fileURLToPath(new URL('./', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

/** Starts a server, runs `body`, and always stops it and removes its data. */
/** `--consenso-env=NAME=value,…`: extra environment for every Consenso process of the run. */
let consensoEnv: Record<string, string> = {}

function parseEnv(raw: string | undefined): Record<string, string> {
  const env: Record<string, string> = {}
  if (!raw) return env
  for (const pair of raw.split(',')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair)
    if (!match) throw new Error(`--consenso-env wants NAME=value pairs separated by commas (got ${JSON.stringify(pair)})`)
    env[match[1]!] = match[2]!
  }
  return env
}

async function withServer<T>(kind: ServerKind, body: (server: BenchServer) => Promise<T>, extra?: Record<string, string>): Promise<T> {
  const env = kind === 'consenso' ? { ...consensoEnv, ...extra } : extra
  const server = await startServer(kind, env ? { env } : {})
  try {
    return await body(server)
  } finally {
    await server.dispose()
  }
}

const rotate = <T>(items: readonly T[], by: number): T[] => items.map((_, i) => items[(i + by) % items.length]!)

interface Report {
  date: string
  quick: boolean
  machine: { cpu: string; cores: number; memoryGiB: number; node: string }
  config: Config
  rows: Row[]
  runs: RunRecord[]
  failures: number
}

/**
 * Writes latest.md and the charts beside a run's JSON and, for a complete run, copies the
 * charts to docs/bench/ for the README.
 */
function publish(report: Report, resultsDir: string, complete: boolean): { table: string; machineLine: string; charts: string[] } {
  const { machine, config, rows } = report
  const table = markdownTable(rows)
  const machineLine = `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`
  writeFileSync(join(resultsDir, 'latest.md'), `Run ${report.date} on ${machineLine}; medians of ${config.reps} repetition(s).\n\n${table}\n`)
  const charts = drawCharts(rows, config, machineLine)
  for (const [name, svg] of Object.entries(charts)) writeFileSync(join(resultsDir, name), svg)
  if (complete) {
    const docs = join(repoRoot, 'docs', 'bench')
    mkdirSync(docs, { recursive: true })
    for (const name of Object.keys(charts)) copyFileSync(join(resultsDir, name), join(docs, name))
  }
  return { table, machineLine, charts: Object.keys(charts) }
}

/** `--redraw`: the table and charts again from results/latest.json, after the drawing code changed. */
function redraw(): void {
  const resultsDir = join(benchDir, 'results')
  const report = JSON.parse(readFileSync(join(resultsDir, 'latest.json'), 'utf8')) as Report
  const complete = !report.quick && report.failures === 0 && report.config.servers.length === SERVER_KINDS.length && report.config.only.length === SCENARIOS.length
  const { table, charts } = publish(report, resultsDir, complete)
  console.log(`${table}\n\nRedrew ${charts.join(', ')} from the run of ${report.date}${complete ? ' and copied them to docs/bench/' : ''}`)
}

async function main(): Promise<void> {
  if (process.argv.includes('--redraw')) return redraw()
  const config = parseArgs(process.argv.slice(2))
  const started = new Date()
  // Other work on the machine skews every server alike but widens the spread: recorded, not hidden.
  const loadBefore = loadavg()
  const summary = new Summary()
  const runs: RunRecord[] = []
  let trace: Trace | null = null
  if (config.only.includes('replay')) trace = loadTrace(config.replayTrace)
  const concurrentTrace: ConcurrentTrace | null = config.only.includes('concurrent') ? loadConcurrentTrace('friendsforever-concurrent') : null
  const log = (line: string): void => console.log(`[bench ${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)} s] ${line}`)

  const attempt = async (rep: number, server: ServerKind, scenario: Scenario, body: () => Promise<unknown>): Promise<void> => {
    const load = Number(loadavg()[0]!.toFixed(2))
    try {
      runs.push({ load, rep, server, scenario, result: await body() })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      log(`${scenario} on ${server} FAILED: ${message}`)
      runs.push({ load, rep, server, scenario, error: message })
    }
  }

  /** Consenso's replay CPU per repetition, for the validator comparison. */
  const replayCpu = new Map<number, number>()
  const runProcessScenario = config.only.includes('process') && config.servers.includes('consenso')
  // `pnpm start` builds what is missing first; that is a build's time, not a start's.
  if (runProcessScenario) ensureBuilt()

  for (let rep = 1; rep <= config.reps; rep++) {
    const order = rotate(config.servers, rep - 1)
    if (config.only.includes('fanout')) {
      for (const kind of order) {
        await attempt(rep, kind, 'fanout', () =>
          withServer(kind, async (server) => {
            const results = []
            for (const workload of FANOUT_WORKLOADS) {
              for (const clients of config.fanoutClients) {
                const result = await runFanout(server, clients, workload, config.fanoutTiming)
                log(`rep ${rep} fan-out ${workload.id} ${clients} clients on ${kind}: p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ${result.cpuUsPerDelivery.toFixed(1)} µs CPU/delivery (${result.deliveries}/${result.expectedDeliveries})`)
                const name = `fan-out ${workload.writers}×${workload.perSecond}/s, ${clients} clients`
                const key = `fanout.${workload.id}.${clients}`
                summary.add(`${key}.p50`, name, 'delivery p50', 'ms', kind, result.p50Ms)
                summary.add(`${key}.p99`, name, 'delivery p99', 'ms', kind, result.p99Ms)
                summary.add(`${key}.cpu`, name, 'server CPU per delivery', 'µs', kind, result.cpuUsPerDelivery)
                results.push(result)
              }
            }
            return results
          }),
        )
      }
    }
    if (config.only.includes('awareness')) {
      for (const kind of order) {
        await attempt(rep, kind, 'awareness', () =>
          withServer(kind, async (server) => {
            const workload = FANOUT_WORKLOADS[0]!
            const { count, hz } = config.carets
            const name = `awareness storm, ${config.awarenessClients} clients, ${workload.writers}×${workload.perSecond}/s`
            const quiet = await runFanout(server, config.awarenessClients, workload, config.fanoutTiming)
            const storm = await runFanout(server, config.awarenessClients, workload, config.fanoutTiming, config.carets)
            log(`rep ${rep} awareness on ${kind}: update p99 ${quiet.p99Ms.toFixed(1)} → ${storm.p99Ms.toFixed(1)} ms with ${count} carets, ${storm.serverCpuMsPerSecond.toFixed(0)} ms CPU/s, ${storm.messagesPerSecond.toFixed(0)} messages/s`)
            summary.add('awareness.p99.quiet', name, 'update p99 without carets', 'ms', kind, quiet.p99Ms)
            summary.add('awareness.p99.storm', name, `update p99 with ${count} carets at ${hz} Hz`, 'ms', kind, storm.p99Ms)
            summary.add('awareness.cpu', name, `server CPU with ${count} carets (ms per s)`, 'ms', kind, storm.serverCpuMsPerSecond)
            summary.add('awareness.messages', name, `messages sent per second with ${count} carets`, 'msg', kind, storm.messagesPerSecond)
            return { quiet, storm }
          }),
        )
      }
    }
    if (config.only.includes('replay') && trace) {
      /** This repetition's CPU per update by server, for Consenso's fixed cost over a plain relay. */
      const perUpdate = new Map<ServerKind, { us: number; name: string }>()
      for (const kind of order) {
        await attempt(rep, kind, 'replay', () =>
          withServer(kind, async (server) => {
            // The in-memory server keeps nothing across a restart: no bytes stored, no cold load.
            const stores = kind !== 'y-websocket-memory'
            const result = await runReplay(server, trace, { batch: config.replayBatch, txns: config.replayTxns, timeoutMs: 180_000, coldLoad: stores })
            log(`rep ${rep} replay on ${kind}: ${result.wallMs.toFixed(0)} ms wall, ${result.serverCpuMs} ms CPU, ${(result.bytesStored / 1024).toFixed(0)} KiB, cold load ${result.coldLoadMs.toFixed(0)} ms`)
            const name = `replay ${trace.name} (${result.txns} txns, ${result.updatesSent} updates)`
            summary.add('replay.wall', name, 'wall time to both observers', 'ms', kind, result.wallMs)
            summary.add('replay.cpu', name, 'server CPU', 'ms', kind, result.serverCpuMs)
            summary.add('replay.cpuPerUpdate', name, 'server CPU per update sent (the run’s CPU ÷ updates, its two deliveries included)', 'µs', kind, (result.serverCpuMs * 1000) / result.updatesSent)
            perUpdate.set(kind, { us: (result.serverCpuMs * 1000) / result.updatesSent, name })
            if (kind === 'consenso') replayCpu.set(rep, result.serverCpuMs)
            if (!stores) return result
            summary.add('replay.bytes', name, 'stored on disk (data folder after stop, less an empty server’s)', 'KiB', kind, (result.bytesStored - result.emptyBytes) / 1024)
            summary.add('coldload.cold', 'cold load of the replayed draft', 'first full sync after a restart (Consenso: one snapshot, folded when the last client left)', 'ms', kind, result.coldLoadMs)
            summary.add('coldload.warm', 'cold load of the replayed draft', 'full sync, draft in memory', 'ms', kind, result.warmLoadMs)
            // The peers keep one storage form (Hocuspocus the whole document, y-leveldb its own
            // trimmed log): their one figure stands beside each of Consenso's forms.
            for (const variant of COLD_LOAD_VARIANTS) {
              if (kind !== 'consenso') summary.add(`coldload.${variant.id}`, 'cold load of the replayed draft', variant.metric, 'ms', kind, result.coldLoadMs)
            }
            return result
          }),
        )
      }
      // Issue 26's "fixed server CPU per update": what Consenso spends on an update beyond what a
      // relay that keeps nothing spends on the same one (decode, checks, commit, `saved`), taken
      // in the same repetition so both met the same machine; the row's median is the p50 over
      // repetitions.
      const ours = perUpdate.get('consenso')
      const relay = perUpdate.get('y-websocket-memory')
      if (ours && relay) {
        summary.add('replay.fixedPerUpdate', ours.name, 'Consenso’s fixed server CPU per update: its CPU per update less y-websocket-server in memory’s, same repetition', 'µs', 'consenso', ours.us - relay.us)
        log(`rep ${rep} replay: Consenso's fixed CPU per update over the in-memory relay ${(ours.us - relay.us).toFixed(0)} µs`)
      }
      // What the body checks (TRUST-*, CONSENSUS-9) cost the replay: the same run on Consenso
      // with the validator as it was before them put back (BENCH_VALIDATOR=before, see
      // servers/validator-before.ts), in the same repetition.
      if (config.servers.includes('consenso')) {
        await attempt(rep, 'consenso', 'replay', () =>
          withServer(
            'consenso',
            async (server) => {
              const result = await runReplay(server, trace, { batch: config.replayBatch, txns: config.replayTxns, timeoutMs: 180_000 })
              const current = replayCpu.get(rep)
              log(`rep ${rep} replay on consenso with the validator before TRUST-*: ${result.serverCpuMs} ms CPU (with today's: ${current ?? '?'} ms)`)
              const name = `replay ${trace.name} (${result.txns} txns, ${result.updatesSent} updates)`
              summary.add('replay.cpu.validatorBefore', name, 'server CPU, Consenso with the body validator before TRUST-* (scratch Y.Doc; BENCH_VALIDATOR=before)', 'ms', 'consenso', result.serverCpuMs)
              if (current !== undefined) summary.add('replay.cpu.growth', name, 'server CPU with today’s validator ÷ with the one before (same repetition)', '×', 'consenso', current / result.serverCpuMs)
              return { validator: 'before', serverCpuMs: result.serverCpuMs }
            },
            { BENCH_VALIDATOR: 'before' },
          ),
        )
      }
      // Consenso's other storage forms of the same history: stopped with the draft open.
      if (config.servers.includes('consenso') && !config.skipColdVariants) {
        for (const variant of COLD_LOAD_VARIANTS) {
          await attempt(rep, 'consenso', 'replay', () =>
            withServer(
              'consenso',
              async (server) => {
                const result = await runReplay(server, trace, { batch: config.replayBatch, txns: config.replayTxns, timeoutMs: 180_000, stopWithDraftOpen: true })
                log(`rep ${rep} cold load (${variant.id}) on consenso: ${result.coldLoadMs.toFixed(0)} ms`)
                summary.add(`coldload.${variant.id}`, 'cold load of the replayed draft', variant.metric, 'ms', 'consenso', result.coldLoadMs)
                return { variant: variant.id, coldLoadMs: result.coldLoadMs }
              },
              { COMPACT_AFTER_UPDATES: variant.compactAfter },
            ),
          )
        }
      }
    }
    if (config.only.includes('concurrent') && concurrentTrace) {
      const ctrace = concurrentTrace
      for (const kind of order) {
        await attempt(rep, kind, 'concurrent', () =>
          withServer(kind, async (server) => {
            const result = await runConcurrent(server, ctrace, config.replayBatch, 180_000)
            log(`rep ${rep} concurrent replay on ${kind}: ${result.wallMs.toFixed(0)} ms wall, ${result.serverCpuMs} ms CPU, final text checked on every client`)
            const name = `concurrent replay ${ctrace.name} (${result.txns} txns, ${result.authors} authors, ${result.updatesSent} updates)`
            summary.add('concurrent.wall', name, 'wall time until every client holds the final text', 'ms', kind, result.wallMs)
            summary.add('concurrent.cpu', name, 'server CPU', 'ms', kind, result.serverCpuMs)
            return result
          }),
        )
      }
    }
    if (config.only.includes('capacity')) {
      for (const kind of order) {
        await attempt(rep, kind, 'capacity', async () => {
          const steps = []
          let largest = 0
          for (const typists of config.capacitySteps) {
            // Each step on a fresh server: what one step left behind must not load the next.
            const result = await withServer(kind, (server) => runCapacity(server, { typists, warmupMs: config.quick ? 500 : 3000, measureMs: config.capacityStepMs, drainTimeoutMs: 5000 }))
            log(`rep ${rep} capacity ${typists} typists on ${kind}: p99 ${result.p99Ms.toFixed(0)} ms, ${result.updatesPerSecond.toFixed(0)} updates/s, ${result.cpuUsPerUpdate.toFixed(0)} µs server CPU/update, server ${result.serverCpuMsPerSecond.toFixed(0)} and bench ${result.benchCpuMsPerSecond.toFixed(0)} ms CPU/s, bench lag ≤ ${result.benchLagMaxMs.toFixed(0)} ms (${result.deliveries}/${result.expectedDeliveries})`)
            const name = `capacity, ${typists} typists in ${result.drafts} drafts of 5 (5 keystrokes/s each, with carets)`
            summary.add(`capacity.${typists}.p50`, name, 'delivery p50', 'ms', kind, result.p50Ms)
            summary.add(`capacity.${typists}.p99`, name, 'delivery p99 (undelivered counted as slowest)', 'ms', kind, result.p99Ms)
            summary.add(`capacity.${typists}.rate`, name, 'keystroke updates sent per second', 'upd/s', kind, result.updatesPerSecond)
            summary.add(`capacity.${typists}.cpu`, name, 'server CPU per update', 'µs', kind, result.cpuUsPerUpdate)
            summary.add(`capacity.${typists}.busy`, name, 'server CPU (ms per s; 1000 = one core)', 'ms', kind, result.serverCpuMsPerSecond)
            summary.add(`capacity.${typists}.bench`, name, 'the load generator’s own CPU (ms per s)', 'ms', kind, result.benchCpuMsPerSecond)
            if (result.p99Ms <= CAPACITY_P99_LIMIT_MS) largest = Math.max(largest, typists)
            steps.push(result)
          }
          summary.add('capacity.largest', `capacity ramp (${config.capacitySteps.join(', ')} typists)`, `largest step with delivery p99 ≤ ${CAPACITY_P99_LIMIT_MS} ms`, 'typists', kind, largest)
          return steps
        })
      }
    }
    if (config.only.includes('memory')) {
      for (const kind of order) {
        await attempt(rep, kind, 'memory', () =>
          withServer(kind, async (server) => {
            const result = await runMemory(server, config.memoryDrafts, config.memorySettleMs, config.memoryIdleMs)
            log(`rep ${rep} memory on ${kind}: ${(result.liveBytesPerDraft / 1024).toFixed(1)} KiB live per open draft, ${(result.retainedLiveBytesPerDraft / 1024).toFixed(1)} KiB after leaving, RSS ${(result.rssBytesPerDraft / 1024).toFixed(1)} KiB per draft`)
            const name = `memory, ${result.drafts} idle open drafts`
            summary.add('memory.open', name, 'live memory per open draft (after full GC)', 'KiB', kind, result.liveBytesPerDraft / 1024)
            summary.add('memory.left', name, 'live memory per draft after all clients left', 'KiB', kind, result.retainedLiveBytesPerDraft / 1024)
            // RSS growth per draft stays in the JSON only: V8 returns pages to the system when it
            // pleases, so it can even come out negative.
            summary.add('memory.baseline', name, 'RSS before any client', 'MiB', kind, result.baselineRssBytes / 1024 / 1024)
            return result
          }),
        )
      }
    }
    if (runProcessScenario) {
      // Consenso only: the same code run from its sources through tsx (as `pnpm start` did
      // before the production build) and built for plain Node (as it does now).
      const modes = rotate<ProcessMode>(['sources', 'built'], rep - 1)
      for (const mode of modes) {
        await attempt(rep, 'consenso', 'process', async () => {
          const result = await runProcess(mode)
          log(`rep ${rep} process (${mode}): RSS ${(result.rssBytes / 1024 / 1024).toFixed(0)} MiB, listening after ${result.listenMs.toFixed(0)} ms, first page ${(result.firstPageBytes / 1024).toFixed(0)} KiB in ${result.firstPageFiles} files`)
          const how = mode === 'sources' ? 'from sources through tsx, files uncompressed (before)' : 'built, on plain node, files pre-compressed (after)'
          const name = 'the process as people run it (pnpm start)'
          summary.add(`process.rss.${mode}`, name, `RSS a second after listening, ${how}`, 'MiB', 'consenso', result.rssBytes / 1024 / 1024)
          summary.add(`process.listen.${mode}`, name, `time to listen, ${how}`, 'ms', 'consenso', result.listenMs)
          summary.add(`process.page.${mode}`, name, `bytes of the first page load, ${how}`, 'KiB', 'consenso', result.firstPageBytes / 1024)
          return result
        })
      }
    }
    if (config.only.includes('versions')) {
      // Consenso only and in process (the peers have no versions): see scenarios/versions.ts.
      await attempt(rep, 'consenso', 'versions', async () => {
        const result = await runVersions({ reps: config.quick ? 3 : 5, historyTrace: config.replayTrace, batch: config.replayBatch })
        log(`rep ${rep} versions: compare ${result.compareMs.toFixed(0)} ms, open ${result.openVersionMs.toFixed(1)} ms, rebuild ${result.rebuildFromLogMs.toFixed(1)} ms (×${result.ratio.toFixed(2)})`)
        const compare = `versions: compare two ${Math.round(result.pages)}-page drafts (${result.paragraphs} paragraphs)`
        const open = `versions: open a version of ${config.replayTrace} (${result.historyUpdates} updates)`
        summary.add('versions.compare', compare, 'compare (align, words, moves, statuses)', 'ms', 'consenso', result.compareMs)
        summary.add('versions.open', open, 'open the version (read, decode, to JSON)', 'ms', 'consenso', result.openVersionMs)
        summary.add('versions.rebuild', open, 'rebuild from the full update log', 'ms', 'consenso', result.rebuildFromLogMs)
        summary.add('versions.ratio', open, 'open ÷ rebuild', '×', 'consenso', result.ratio)
        return result
      })
    }
    if (config.only.includes('search')) {
      // Consenso only and in process (the peers have no search): see scenarios/search.ts.
      await attempt(rep, 'consenso', 'search', async () => {
        const rows = await runSearch(config.quick ? { drafts: 200, queries: 100 } : {})
        for (const row of rows) {
          log(`rep ${rep} search ${row.engine}: ${row.drafts} drafts (${row.entries} paragraphs), p50 ${row.p50Ms.toFixed(2)} ms, p99 ${row.p99Ms.toFixed(2)} ms, one update ${row.updateMs.toFixed(2)} ms, bulk ${row.bulkPerDraftMs.toFixed(2)} ms a draft`)
          const name = `search: ${row.drafts.toLocaleString('en')} drafts from the traces (${row.entries.toLocaleString('en')} paragraphs), ${row.engine}`
          summary.add(`search.${row.engine}.p50`, name, `query latency p50 (${row.queries} seeded queries)`, 'ms', 'consenso', row.p50Ms)
          summary.add(`search.${row.engine}.p99`, name, `query latency p99 (${row.queries} seeded queries)`, 'ms', 'consenso', row.p99Ms)
          summary.add(`search.${row.engine}.update`, name, 'one update: a 40-paragraph draft from its Y.Doc into the index', 'ms', 'consenso', row.updateMs)
        }
        return rows
      })
    }
    if (config.only.includes('import')) {
      // Consenso only and in process (the peers have no import): see scenarios/import.ts.
      await attempt(rep, 'consenso', 'import', async () => {
        const rows = await runImport({ reps: config.quick ? 1 : 3, ...(config.quick ? { sizes: [1_000, 5_000] } : {}) })
        for (const row of rows) {
          const label = row.format === 'docx' ? 'Word' : 'Markdown'
          log(`rep ${rep} import ${label} ${row.paragraphs} paragraphs: ${row.wallMs.toFixed(0)} ms (${row.msPer1000.toFixed(0)} ms per 1,000), event loop max ${row.loopMaxMs.toFixed(1)} ms, p99 ${row.loopP99Ms.toFixed(1)} ms`)
          const name = `import ${label}, ${row.paragraphs.toLocaleString('en')} paragraphs (${Math.round(row.bytes / 1024)} KiB)`
          const key = `import.${row.format}.${row.paragraphs}`
          summary.add(`${key}.wall`, name, 'request time (file in, draft stored)', 'ms', 'consenso', row.wallMs)
          summary.add(`${key}.per1000`, name, 'time per 1,000 paragraphs', 'ms', 'consenso', row.msPer1000)
          summary.add(`${key}.loopMax`, name, 'server event-loop delay, worst', 'ms', 'consenso', row.loopMaxMs)
          summary.add(`${key}.loopP99`, name, 'server event-loop delay, p99', 'ms', 'consenso', row.loopP99Ms)
        }
        return rows
      })
    }
    if (config.only.includes('keystroke')) {
      // Consenso only, in Chromium, beside a bare Tiptap editor on the same server: see scenarios/keystroke.ts.
      await attempt(rep, 'consenso', 'keystroke', async () => {
        const bareDir = await prepareKeystroke()
        return withServer('consenso', async (server) => {
          const results = await runKeystroke(server, process.env.BENCH_KEYSTROKE_PARAGRAPHS?.split(',').map(Number) ?? [10, 400], bareDir)
          for (const result of results) {
            log(
              `rep ${rep} keystroke, ${result.paragraphs} paragraphs: Consenso ${result.consensoMs.toFixed(2)} ms, bare Tiptap ${result.bareMs.toFixed(2)} ms (×${result.ratio.toFixed(2)}) of main-thread CPU; task wall time ${result.consensoWallMs.toFixed(2)} and ${result.bareWallMs.toFixed(2)} ms`,
            )
            const name = `keystroke: typing 200 characters into a ${result.paragraphs}-paragraph draft, a second editor connected (Chromium main thread)`
            summary.add(`keystroke.${result.paragraphs}.consenso`, name, "Consenso's editor, main-thread CPU per keystroke", 'ms', 'consenso', result.consensoMs)
            summary.add(`keystroke.${result.paragraphs}.bare`, name, 'bare Tiptap (StarterKit + Collaboration), main-thread CPU per keystroke', 'ms', 'consenso', result.bareMs)
            summary.add(`keystroke.${result.paragraphs}.ratio`, name, 'Consenso ÷ bare Tiptap', '×', 'consenso', result.ratio)
            summary.add(`keystroke.${result.paragraphs}.consensoWall`, name, "Consenso's editor, main-thread task wall time per keystroke", 'ms', 'consenso', result.consensoWallMs)
            summary.add(`keystroke.${result.paragraphs}.bareWall`, name, 'bare Tiptap, main-thread task wall time per keystroke', 'ms', 'consenso', result.bareWallMs)
          }
          return results
        }).finally(() => rmSync(bareDir, { recursive: true, force: true }))
      })
    }
    if (config.only.includes('validation')) {
      // Consenso only and in process: the body update checks against the validator they replaced.
      await attempt(rep, 'consenso', 'validation', async () => {
        const result = runValidation({ pages: 300, updates: config.validationUpdates, seed: 15 + rep })
        log(`rep ${rep} validation: ${result.current.medianUs.toFixed(0)} µs per update (p99 ${result.current.p99Us.toFixed(0)}), before ${result.old.medianUs.toFixed(0)} µs (p99 ${result.old.p99Us.toFixed(0)}); proposer ${result.proposer.medianUs.toFixed(0)} µs; ${result.structs} structs`)
        const name = `validation per update, ${result.pages}-page draft (${result.paragraphs} paragraphs, ${result.structs} structs, ${result.updates} updates)`
        summary.add('validation.current', name, 'checks against the live draft and the schema (median)', 'µs', 'consenso', result.current.medianUs)
        summary.add('validation.current.p99', name, 'the same, p99', 'µs', 'consenso', result.current.p99Us)
        summary.add('validation.proposer', name, 'a proposer’s suggestion, also checked as suggest-only (median)', 'µs', 'consenso', result.proposer.medianUs)
        summary.add('validation.old', name, 'the validator before (scratch Y.Doc per update; median)', 'µs', 'consenso', result.old.medianUs)
        summary.add('validation.old.p99', name, 'the validator before, p99', 'µs', 'consenso', result.old.p99Us)
        return result
      })
    }
  }

  const rows = summary.rows()
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    kernel: release(),
    loadAverageBefore: loadBefore.map((value) => Number(value.toFixed(2))),
    loadAverageAfter: loadavg().map((value) => Number(value.toFixed(2))),
  }
  const failures = runs.filter((run) => run.error)
  const report: Report = { date: started.toISOString(), quick: config.quick, machine, config, rows, runs, failures: failures.length }
  const partial = config.servers.length < SERVER_KINDS.length || config.only.length < SCENARIOS.length || Object.keys(consensoEnv).length > 0
  const resultsDir = join(benchDir, 'results', config.quick ? 'quick' : partial ? 'partial' : '')
  mkdirSync(resultsDir, { recursive: true })
  const stamp = started.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')
  const json = JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)
  writeFileSync(join(resultsDir, `${stamp}.json`), json)
  writeFileSync(join(resultsDir, 'latest.json'), json)
  const { table, machineLine, charts } = publish(report, resultsDir, !config.quick && !partial && failures.length === 0)
  console.log(`\nMachine: ${machineLine}. Medians of ${config.reps} repetition(s); ratios below 1 favour Consenso.\n`)
  console.log(table)
  console.log(`\nSaved ${join(resultsDir, `${stamp}.json`)} and latest.json, ${charts.join(', ')}`)
  if (failures.length > 0) {
    console.log(`\n${failures.length} run(s) failed:`)
    for (const failure of failures) console.log(`- rep ${failure.rep} ${failure.scenario} on ${failure.server}: ${failure.error}`)
    process.exitCode = 1
  }
}

const stop = (signal: NodeJS.Signals): void => {
  console.error(`bench: ${signal}, stopping the servers`)
  // The 'exit' handler in lib/servers.ts kills every child still running.
  process.exit(130)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

main().catch((error: unknown) => {
  console.error('bench:', error instanceof Error ? error.message : error)
  process.exit(1)
})
