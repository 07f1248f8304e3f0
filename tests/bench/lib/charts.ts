/**
 * The charts the README shows, drawn from a run's summary rows: fan-out latency and CPU per
 * delivery against clients, memory per idle draft, replay and cold load.
 */
import { barChart, lineChart, type Series } from './svg.ts'
import { SERVER_NAMES, type Row } from './report.ts'
import { SERVER_KINDS, type ServerKind } from './servers.ts'
import { FANOUT_WORKLOADS } from '../scenarios/fanout.ts'

/** What of a run's configuration the charts need (also read back from a saved JSON). */
export interface ChartConfig {
  reps: number
  only: string[]
  fanoutClients: number[]
  memoryDrafts: number
  replayTrace: string
}

const COLORS: Record<ServerKind, string> = { consenso: '#1d4ed8', hocuspocus: '#d97706', 'y-websocket-server': '#6b7280', 'y-websocket-memory': '#059669' }

export function drawCharts(rows: Row[], config: ChartConfig, machineLine: string): Record<string, string> {
  const byKey = new Map(rows.map((row) => [row.key, row]))
  const value = (key: string, kind: ServerKind): number => byKey.get(key)?.medians[kind] ?? Number.NaN
  const charts: Record<string, string> = {}
  // Servers left out of a run (or added after it was saved) get no series.
  const kinds = SERVER_KINDS.filter((kind) => rows.some((row) => Number.isFinite(row.medians[kind] ?? Number.NaN)))
  const note = `Medians of ${config.reps} repetition(s) on ${machineLine}.`
  const credit = 'Trace: "editing-traces" by Joseph Gentle and contributors, CC BY 4.0.'
  if (config.only.includes('fanout')) {
    const panels = (metric: 'p99' | 'p50' | 'cpu', withP50: boolean) =>
      FANOUT_WORKLOADS.map((workload) => ({
        title: `${workload.writers} writer${workload.writers > 1 ? 's' : ''} × ${workload.perSecond} updates/s`,
        x: config.fanoutClients.map(String),
        series: kinds.flatMap((kind): Series[] => {
          const main: Series = {
            name: `${SERVER_NAMES[kind]}${withP50 ? ' p99' : ''}`,
            color: COLORS[kind],
            values: config.fanoutClients.map((clients) => value(`fanout.${workload.id}.${clients}.${metric}`, kind)),
          }
          if (!withP50) return [main]
          const p50: Series = {
            name: `${SERVER_NAMES[kind]} p50`,
            color: COLORS[kind],
            dashed: true,
            values: config.fanoutClients.map((clients) => value(`fanout.${workload.id}.${clients}.p50`, kind)),
          }
          return [main, p50]
        }),
      }))
    charts['fanout-latency.svg'] = lineChart({ title: 'Fan-out on one draft: delivery latency', yLabel: 'milliseconds', xLabel: 'clients on the draft', panels: panels('p99', true), note })
    charts['fanout-cpu.svg'] = lineChart({
      title: 'Fan-out on one draft: server CPU per delivered update',
      yLabel: 'µs of server CPU',
      xLabel: 'clients on the draft',
      panels: panels('cpu', false),
      note,
    })
  }
  if (config.only.includes('memory')) {
    charts['memory.svg'] = barChart({
      title: `Memory per idle open draft (${config.memoryDrafts} drafts, one client each)`,
      yLabel: 'KiB of live server memory per draft',
      categories: ['while open', 'after all clients left'],
      series: kinds.map((kind) => ({ name: SERVER_NAMES[kind], color: COLORS[kind], values: [value('memory.open', kind), value('memory.left', kind)] })),
      note,
    })
  }
  if (config.only.includes('replay')) {
    charts['replay.svg'] = barChart({
      title: `Replay of ${config.replayTrace} and cold load`,
      yLabel: 'milliseconds',
      categories: ['replay wall time', 'replay server CPU', 'cold load after restart'],
      series: kinds.map((kind) => ({ name: SERVER_NAMES[kind], color: COLORS[kind], values: [value('replay.wall', kind), value('replay.cpu', kind), value('coldload.cold', kind)] })),
      note: `${note}\n${credit}`,
    })
  }
  return charts
}

