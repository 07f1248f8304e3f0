/**
 * axe-core (Deque's rules engine, the version pinned in tests/package.json) run inside a real
 * page: the WCAG 2.0 and 2.1 A and AA rules, over the whole document as it stands. The page's
 * context must be opened with `bypassCSP: true`, or the server's Content-Security-Policy refuses
 * the injected script (as it should refuse any inline script).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

export interface AxeFinding {
  state: string
  id: string
  impact: string
  help: string
  targets: string[]
}

/** Every violation axe finds on the page now, labelled with `state` (what the page shows). */
export async function axeScan(page: Page, state: string): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE })
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }))
  }, WCAG_TAGS)
  return violations.map((v) => ({ state, ...v }))
}

/** Serious and critical findings: the ones the suite fails on. */
export const blocking = (findings: AxeFinding[]): AxeFinding[] => findings.filter((f) => f.impact === 'serious' || f.impact === 'critical')

export function describeFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `[${f.state}] [${f.impact}] ${f.id}: ${f.help} (${f.targets.length}) e.g. ${f.targets.join(' | ')}`).join('\n')
}
