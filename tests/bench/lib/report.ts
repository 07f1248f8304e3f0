/**
 * Turns runs into medians, ratios and a Markdown table. A row is one metric of one scenario;
 * its value per server is the median over repetitions, and each ratio is Consenso's median
 * over the peer's (below 1 means Consenso used less time, CPU, memory or disk).
 */
import { median } from './stats.ts'
import { SERVER_KINDS, type ServerKind } from './servers.ts'

export interface Row {
  scenario: string
  metric: string
  unit: string
  /** Key in the JSON summary, stable across runs. */
  key: string
  medians: Record<ServerKind, number>
  samples: Record<ServerKind, number[]>
  /** Consenso's median over each peer's (NaN where either is missing). */
  ratios: Record<Peer, number>
}

export type Peer = Exclude<ServerKind, 'consenso'>
export const PEERS = SERVER_KINDS.filter((kind): kind is Peer => kind !== 'consenso')

export const SERVER_NAMES: Record<ServerKind, string> = {
  consenso: 'Consenso',
  hocuspocus: 'Hocuspocus 3.4',
  'y-websocket-server': 'y-websocket-server 0.1.1',
  'y-websocket-memory': 'y-websocket-server 0.1.1 in memory',
}

/** Short names for the ratio columns. */
const PEER_SHORT: Record<Peer, string> = { hocuspocus: 'Hocuspocus', 'y-websocket-server': 'y-websocket-server', 'y-websocket-memory': 'y-websocket-server in memory' }

/** Collects samples per (metric, server) and builds rows in insertion order. */
export class Summary {
  readonly #rows = new Map<string, Omit<Row, 'medians' | 'ratios'>>()

  add(key: string, scenario: string, metric: string, unit: string, kind: ServerKind, value: number): void {
    let row = this.#rows.get(key)
    if (!row) {
      row = { key, scenario, metric, unit, samples: Object.fromEntries(SERVER_KINDS.map((server) => [server, []])) as unknown as Record<ServerKind, number[]> }
      this.#rows.set(key, row)
    }
    row.samples[kind].push(value)
  }

  rows(): Row[] {
    return [...this.#rows.values()].map((row) => {
      return withMedians(row)
    })
  }
}

/** Medians and ratios of a row's samples (a run saved before a server kind existed lacks its samples). */
export function withMedians(row: Omit<Row, 'medians' | 'ratios'>): Row {
  const medians = Object.fromEntries(SERVER_KINDS.map((kind) => [kind, median(row.samples[kind] ?? [])])) as Record<ServerKind, number>
  const ratios = Object.fromEntries(PEERS.map((peer) => [peer, medians.consenso / medians[peer]])) as Record<Peer, number>
  return { ...row, medians, ratios }
}

function number(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—'
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`
}

const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '—')

/** Only the servers that have a figure in some row get a column. */
export function markdownTable(rows: Row[]): string {
  const shown = SERVER_KINDS.filter((kind) => rows.some((row) => Number.isFinite(row.medians[kind] ?? Number.NaN)))
  const peers = PEERS.filter((peer) => shown.includes(peer))
  const lines = [
    `| scenario | metric | ${shown.map((kind) => SERVER_NAMES[kind]).join(' | ')} |${peers.map((peer) => ` Consenso ÷ ${PEER_SHORT[peer]} |`).join('')}`,
    `| --- | --- |${' ---: |'.repeat(shown.length + peers.length)}`,
  ]
  for (const row of rows) {
    const values = shown.map((kind) => number(row.medians[kind] ?? Number.NaN, row.unit))
    lines.push(`| ${row.scenario} | ${row.metric} | ${values.join(' | ')} |${peers.map((peer) => ` ${ratio(row.ratios[peer] ?? Number.NaN)} |`).join('')}`)
  }
  return lines.join('\n')
}
