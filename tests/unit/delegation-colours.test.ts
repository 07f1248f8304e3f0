/**
 * Delegation colours ([UI-LAYOUT-2] in client/SPEC.md): suggested text is drawn in its
 * delegation's colour on white and on a 10 % tint of that colour, so every built-in colour
 * reads at 4.5:1 on both; no two are alike (CIE76 ΔE ≥ 12), the ad-hoc group's CHL and PAN far
 * apart; SQLite's migration 8 moves a database seeded with the old colours to the new ones and
 * leaves a colour an administrator chose.
 */
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { contrastRatio, DELEGATION_COLOUR_USES, DELEGATIONS, delegationColourProblems, mixColours, PREVIOUS_DELEGATION_COLORS, textColourOn } from '@consenso/protocol'
import { migrateSqlite, SQLITE_MIGRATIONS } from '@consenso/server/storage'

const rgb = (hex: string): number[] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
const linear = (c: number): number => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
function lab(c: number[]): number[] {
  const [r, g, b] = c.map(linear) as [number, number, number]
  const f = (t: number): number => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116)
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047)
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b)
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)]
}
const deltaE = (a: string, b: string): number => Math.hypot(...lab(rgb(a)).map((v, i) => v - lab(rgb(b))[i]!))

describe('delegation colours', () => {
  it('[UI-LAYOUT-2] [A11Y-10] every built-in colour reads in every use the editor makes of it: 4.5:1 for text, 3:1 for lines', () => {
    const report: string[] = []
    for (const d of DELEGATIONS) {
      for (const use of DELEGATION_COLOUR_USES) {
        const ratio = contrastRatio(use.foreground(d.color), use.background(d.color))
        report.push(`${d.code} ${d.color} ${use.use}: ${ratio.toFixed(2)}:1`)
        expect(ratio, `${d.code} ${use.use}`).toBeGreaterThanOrEqual(use.minimum)
      }
      expect(delegationColourProblems(d.color), d.code).toEqual([])
    }
    console.log(report.filter((line) => line.includes('suggested words')).join('\n'))
  })

  it('[A11Y-10] the contrast function agrees with WCAG\'s reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1)
    // #767676 is the lightest grey that passes 4.5:1 on white; #777777 the first that fails.
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5)
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5)
    expect(mixColours('#ff0000', 0.1, '#ffffff')).toBe('#ffe6e6')
    expect(textColourOn('#ffeb3b')).toBe('#111111')
    expect(textColourOn('#0c3b70')).toBe('#ffffff')
  })

  it('[A11Y-10] colours that would fail are named with the use that fails', () => {
    // The 13 colours the audit found below 4.5:1 on their tint (issue #25), before migration 8.
    for (const [code, colour] of Object.entries(PREVIOUS_DELEGATION_COLORS)) {
      const onTint = contrastRatio(colour, mixColours(colour, 0.1, '#ffffff'))
      expect(delegationColourProblems(colour).some((p) => p.use === 'suggested words on their tint'), code).toBe(onTint < 4.5)
    }
    expect(Object.values(PREVIOUS_DELEGATION_COLORS).filter((colour) => delegationColourProblems(colour).length > 0).length).toBeGreaterThanOrEqual(10)
    expect(delegationColourProblems('#f5d90a').map((p) => p.use)).toEqual([
      'suggested words on their tint',
      'words in the colour on the page (sponsors, names)',
      'words proposed for deletion',
      'underlines, strikes, caret bars and outlines',
    ])
  })

  it('[UI-LAYOUT-2] no two colours are alike; CHL and PAN are far apart', () => {
    const color = (code: string): string => DELEGATIONS.find((d) => d.code === code)!.color
    expect(deltaE(color('CHL'), color('PAN'))).toBeGreaterThan(40)
    for (let i = 0; i < DELEGATIONS.length; i++) {
      for (let j = i + 1; j < DELEGATIONS.length; j++) {
        const [a, b] = [DELEGATIONS[i]!, DELEGATIONS[j]!]
        expect(deltaE(a.color, b.color), `${a.code} ${b.code}`).toBeGreaterThanOrEqual(12)
      }
    }
  })

  it('[UI-LAYOUT-2] SQLite migration 8 moves the old colours to the new ones, an administrator\'s choice stays', () => {
    const db = new Database(':memory:')
    try {
      migrateSqlite(db, SQLITE_MIGRATIONS.filter((m) => m.version < 8))
      const colour = (code: string): string => db.prepare('SELECT color FROM delegations WHERE code = ?').pluck().get(code) as string
      // A database seeded before: the old colours (the seed reads today's list, so write them).
      for (const [code, previous] of Object.entries(PREVIOUS_DELEGATION_COLORS)) db.prepare('UPDATE delegations SET color = ? WHERE code = ?').run(previous, code)
      db.prepare('UPDATE delegations SET color = ? WHERE code = ?').run('#123456', 'MEX')
      expect(migrateSqlite(db)).toContain(8)
      for (const d of DELEGATIONS) expect(colour(d.code), d.code).toBe(d.code === 'MEX' ? '#123456' : d.color)
    } finally {
      db.close()
    }
  })
})
