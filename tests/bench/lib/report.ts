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
  ratios: { hocuspocus: number; 'y-websocket-server': number }
}

export const SERVER_NAMES: Record<ServerKind, string> = {
  consenso: 'Consenso',
  hocuspocus: 'Hocuspocus 3.4',
  'y-websocket-server': 'y-websocket-server 0.1.1',
}

/** Collects samples per (metric, server) and builds rows in insertion order. */
export class Summary {
  readonly #rows = new Map<string, Omit<Row, 'medians' | 'ratios'>>()

  add(key: string, scenario: string, metric: string, unit: string, kind: ServerKind, value: number): void {
    let row = this.#rows.get(key)
    if (!row) {
      row = { key, scenario, metric, unit, samples: { consenso: [], hocuspocus: [], 'y-websocket-server': [] } }
      this.#rows.set(key, row)
    }
    row.samples[kind].push(value)
  }

  rows(): Row[] {
    return [...this.#rows.values()].map((row) => {
      const medians = Object.fromEntries(SERVER_KINDS.map((kind) => [kind, median(row.samples[kind])])) as Record<ServerKind, number>
      return {
        ...row,
        medians,
        ratios: { hocuspocus: medians.consenso / medians.hocuspocus, 'y-websocket-server': medians.consenso / medians['y-websocket-server'] },
      }
    })
  }
}

function number(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—'
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`
}

const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '—')

export function markdownTable(rows: Row[]): string {
  const lines = [
    `| scenario | metric | ${SERVER_KINDS.map((kind) => SERVER_NAMES[kind]).join(' | ')} | Consenso ÷ Hocuspocus | Consenso ÷ y-websocket-server |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const row of rows) {
    const values = SERVER_KINDS.map((kind) => number(row.medians[kind], row.unit))
    lines.push(`| ${row.scenario} | ${row.metric} | ${values.join(' | ')} | ${ratio(row.ratios.hocuspocus)} | ${ratio(row.ratios['y-websocket-server'])} |`)
  }
  return lines.join('\n')
}
