/**
 * Small hand-written SVG charts: a chart is a few dozen elements, and a charting library
 * would be the largest dependency of the bench. Output is deterministic for the same numbers,
 * so committed charts only change when results do.
 */

export interface Series {
  name: string
  color: string
  dashed?: boolean
  values: number[]
}

export interface Panel {
  title: string
  /** Category labels along x (e.g. client counts), equally spaced. */
  x: string[]
  series: Series[]
}

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"'
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const fmt = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2))
/** Axis ticks are round numbers: no trailing zeros. */
const tick = (value: number): string => String(Number(value.toPrecision(6)))

/** A rounded axis maximum and its tick step for values up to `max`. */
function niceScale(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.25 }
  const raw = max / 4
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude
  return { top: Math.ceil(max / step) * step, step }
}

function legend(series: { name: string; color: string; dashed?: boolean }[], x: number, y: number): string {
  return series
    .map((s, i) => {
      const ly = y + i * 18
      const dash = s.dashed ? ' stroke-dasharray="5 4"' : ''
      return `<line x1="${x}" y1="${ly}" x2="${x + 22}" y2="${ly}" stroke="${s.color}" stroke-width="2.5"${dash}/><text x="${x + 28}" y="${ly + 4}" font-size="12" ${FONT}>${escape(s.name)}</text>`
    })
    .join('')
}

/** Panels side by side sharing a y label; each panel has its own scale. */
export function lineChart(options: { title: string; yLabel: string; xLabel: string; panels: Panel[]; note?: string }): string {
  const panelWidth = 330
  const panelHeight = 240
  const left = 60
  const top = 50
  const legendWidth = 230
  const width = left + options.panels.length * (panelWidth + 30) + legendWidth
  const height = top + panelHeight + 70
  const parts: string[] = []
  parts.push(`<text x="${left}" y="24" font-size="16" font-weight="600" ${FONT}>${escape(options.title)}</text>`)
  options.panels.forEach((panel, p) => {
    const x0 = left + p * (panelWidth + 30)
    const y0 = top + panelHeight
    const finite = panel.series.flatMap((s) => s.values).filter(Number.isFinite)
    const { top: yTop, step } = niceScale(Math.max(0, ...finite))
    const xs = panel.x.map((_, i) => x0 + 20 + (i * (panelWidth - 40)) / Math.max(1, panel.x.length - 1))
    const yOf = (value: number): number => y0 - (value / yTop) * panelHeight
    parts.push(`<text x="${x0 + panelWidth / 2}" y="${top - 8}" text-anchor="middle" font-size="13" ${FONT}>${escape(panel.title)}</text>`)
    for (let value = 0; value <= yTop + step / 2; value += step) {
      const y = yOf(value)
      parts.push(`<line x1="${x0}" y1="${y}" x2="${x0 + panelWidth}" y2="${y}" stroke="#e5e7eb"/>`)
      parts.push(`<text x="${x0 - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#4b5563" ${FONT}>${tick(value)}</text>`)
    }
    parts.push(`<line x1="${x0}" y1="${y0}" x2="${x0 + panelWidth}" y2="${y0}" stroke="#374151"/>`)
    panel.x.forEach((label, i) => {
      parts.push(`<text x="${xs[i]}" y="${y0 + 18}" text-anchor="middle" font-size="11" fill="#4b5563" ${FONT}>${escape(label)}</text>`)
    })
    parts.push(`<text x="${x0 + panelWidth / 2}" y="${y0 + 38}" text-anchor="middle" font-size="12" ${FONT}>${escape(options.xLabel)}</text>`)
    for (const s of panel.series) {
      const points = s.values.map((value, i) => (Number.isFinite(value) ? `${xs[i]!.toFixed(1)},${yOf(value).toFixed(1)}` : null)).filter((point) => point !== null)
      const dash = s.dashed ? ' stroke-dasharray="5 4"' : ''
      parts.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2.5"${dash}/>`)
      for (const point of points) {
        const [cx, cy] = point.split(',')
        parts.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${s.color}"/>`)
      }
    }
  })
  parts.push(`<text transform="translate(16 ${top + panelHeight / 2}) rotate(-90)" text-anchor="middle" font-size="12" ${FONT}>${escape(options.yLabel)}</text>`)
  const legendSeries = options.panels[0]?.series ?? []
  parts.push(legend(legendSeries, width - legendWidth + 10, top + 10))
  return svg(width, height + noteLines(parts, options.note, left, height), parts)
}

/** Writes the note's lines under the chart; returns the extra height they need. */
function noteLines(parts: string[], note: string | undefined, left: number, height: number): number {
  const lines = note ? note.split('\n') : []
  lines.forEach((line, i) => parts.push(`<text x="${left}" y="${height - 8 + i * 15}" font-size="11" fill="#6b7280" ${FONT}>${escape(line)}</text>`))
  return Math.max(0, lines.length - 1) * 15
}

/** Groups of bars: one group per category, one bar per series. */
export function barChart(options: { title: string; yLabel: string; categories: string[]; series: Series[]; note?: string }): string {
  const left = 70
  const top = 50
  const plotWidth = Math.max(360, options.categories.length * 170)
  const plotHeight = 240
  const legendWidth = 230
  const width = left + plotWidth + legendWidth
  const height = top + plotHeight + 60
  const finite = options.series.flatMap((s) => s.values).filter(Number.isFinite)
  const { top: yTop, step } = niceScale(Math.max(0, ...finite))
  const y0 = top + plotHeight
  const yOf = (value: number): number => y0 - (value / yTop) * plotHeight
  const parts: string[] = [`<text x="${left}" y="24" font-size="16" font-weight="600" ${FONT}>${escape(options.title)}</text>`]
  for (let value = 0; value <= yTop + step / 2; value += step) {
    const y = yOf(value)
    parts.push(`<line x1="${left}" y1="${y}" x2="${left + plotWidth}" y2="${y}" stroke="#e5e7eb"/>`)
    parts.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#4b5563" ${FONT}>${tick(value)}</text>`)
  }
  const groupWidth = plotWidth / options.categories.length
  const barWidth = Math.min(40, (groupWidth - 30) / options.series.length)
  options.categories.forEach((category, c) => {
    const gx = left + c * groupWidth + (groupWidth - barWidth * options.series.length) / 2
    options.series.forEach((s, i) => {
      const value = s.values[c]
      if (value === undefined || !Number.isFinite(value)) return
      const y = yOf(Math.max(0, value))
      parts.push(`<rect x="${(gx + i * barWidth).toFixed(1)}" y="${y.toFixed(1)}" width="${(barWidth - 4).toFixed(1)}" height="${(y0 - y).toFixed(1)}" fill="${s.color}"/>`)
      parts.push(`<text x="${(gx + i * barWidth + (barWidth - 4) / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" font-size="10" ${FONT}>${fmt(value)}</text>`)
    })
    parts.push(`<text x="${left + c * groupWidth + groupWidth / 2}" y="${y0 + 18}" text-anchor="middle" font-size="12" ${FONT}>${escape(category)}</text>`)
  })
  parts.push(`<line x1="${left}" y1="${y0}" x2="${left + plotWidth}" y2="${y0}" stroke="#374151"/>`)
  parts.push(`<text transform="translate(18 ${top + plotHeight / 2}) rotate(-90)" text-anchor="middle" font-size="12" ${FONT}>${escape(options.yLabel)}</text>`)
  parts.push(
    options.series
      .map((s, i) => `<rect x="${width - legendWidth + 10}" y="${top + i * 18}" width="14" height="10" fill="${s.color}"/><text x="${width - legendWidth + 30}" y="${top + 9 + i * 18}" font-size="12" ${FONT}>${escape(s.name)}</text>`)
      .join(''),
  )
  return svg(width, height + noteLines(parts, options.note, left, height), parts)
}

function svg(width: number, height: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">\n<rect width="100%" height="100%" fill="#ffffff"/>\n${parts.join('\n')}\n</svg>\n`
}
