/**
 * WCAG 2.1 contrast for delegation colours (client/SPEC.md A11Y-10..12, server/SPEC.md
 * ADMIN-COLOUR-1). A delegation's colour is drawn as text (suggested words on a tint of it,
 * words proposed for deletion), as lines (underlines, strikes, caret bars, outlines) and as the
 * ground of caret labels and faces; each use must read at 4.5:1 for text and 3:1 for the rest.
 *
 * The ratio is WCAG's own definition (relative luminance of sRGB), a dozen lines: written here
 * rather than taken from a package because both the server (which refuses an administrator's
 * unreadable colour) and the client (black or white on a face) need it, and protocol has no
 * runtime dependencies.
 */

const HEX = /^#([0-9a-f]{6})$/iu

/** The page, the muted grey words proposed for deletion are mixed with, and body text. */
export const PAGE_WHITE = '#ffffff'
export const MUTED_TEXT = '#5a6472'
export const INK_TEXT = '#1a1f26'
/** The label text on a caret flag or a face: whichever of these reads better on the colour. */
export const ON_COLOUR_DARK = '#111111'

export function isHexColour(value: string): boolean {
  return HEX.test(value)
}

function channels(hex: string): [number, number, number] {
  const match = HEX.exec(hex)
  if (!match?.[1]) throw new Error(`not a #rrggbb colour: ${hex}`)
  const value = match[1]
  return [0, 2, 4].map((i) => parseInt(value.slice(i, i + 2), 16) / 255) as [number, number, number]
}

function toHex(rgb: readonly number[]): string {
  return `#${rgb.map((c) => Math.round(Math.min(1, Math.max(0, c)) * 255).toString(16).padStart(2, '0')).join('')}`
}

export function relativeLuminance(hex: string): number {
  const linear = (c: number): number => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
  const [r, g, b] = channels(hex).map(linear) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG contrast ratio, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** CSS `color-mix(in srgb, a share%, b)`, as the browser blends it (gamma-encoded channels). */
export function mixColours(a: string, share: number, b: string): string {
  const [x, y] = [channels(a), channels(b)]
  return toHex(x.map((c, i) => c * share + y[i]! * (1 - share)))
}

/** Black-ish or white text on `background`, whichever reads better (caret flags, faces). */
export function textColourOn(background: string): string {
  if (!isHexColour(background)) return PAGE_WHITE
  return contrastRatio(ON_COLOUR_DARK, background) >= contrastRatio(PAGE_WHITE, background) ? ON_COLOUR_DARK : PAGE_WHITE
}

export interface ColourUse {
  /** What is drawn, in words (for the error an administrator reads and the test's report). */
  use: string
  foreground: (colour: string) => string
  background: (colour: string) => string
  /** 4.5 for text, 3 for lines and shapes (WCAG 1.4.3 and 1.4.11). */
  minimum: number
}

/** Every way the editor draws a delegation's colour (client/src/styles/16-suggestions.css, carets). */
export const DELEGATION_COLOUR_USES: readonly ColourUse[] = [
  { use: 'suggested words on their tint', foreground: (c) => c, background: (c) => mixColours(c, 0.1, PAGE_WHITE), minimum: 4.5 },
  { use: 'words in the colour on the page (sponsors, names)', foreground: (c) => c, background: () => PAGE_WHITE, minimum: 4.5 },
  { use: 'words proposed for deletion', foreground: (c) => mixColours(c, 0.55, MUTED_TEXT), background: () => PAGE_WHITE, minimum: 4.5 },
  { use: 'the label on a caret flag or a face', foreground: (c) => textColourOn(c), background: (c) => c, minimum: 4.5 },
  { use: 'text under the tint of a selection shared by someone else', foreground: () => INK_TEXT, background: (c) => mixColours(c, 0.2, PAGE_WHITE), minimum: 4.5 },
  { use: 'underlines, strikes, caret bars and outlines', foreground: (c) => c, background: (c) => mixColours(c, 0.1, PAGE_WHITE), minimum: 3 },
]

export interface ColourProblem {
  use: string
  ratio: number
  minimum: number
}

/** The uses in which `colour` reads below its minimum; empty when the colour is fit. */
export function delegationColourProblems(colour: string): ColourProblem[] {
  return DELEGATION_COLOUR_USES.map((u) => ({ use: u.use, ratio: contrastRatio(u.foreground(colour), u.background(colour)), minimum: u.minimum })).filter(
    (p) => p.ratio < p.minimum,
  )
}

/** The first problem in words: "suggested words on their tint read at 2.1:1 (4.5:1 needed)". */
export function describeColourProblem(colour: string, problem: ColourProblem): string {
  return `${colour}: ${problem.use} read at ${(Math.floor(problem.ratio * 100) / 100).toFixed(2)}:1 (${problem.minimum}:1 needed); choose a darker colour`
}
