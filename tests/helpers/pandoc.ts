/**
 * Pandoc's reading of a DOCX (`pandoc -f docx -t json --track-changes=all`): an independent
 * reader for every DOCX the tests produce. Gives each paragraph's text (superscripts apart, as
 * they hold bracket sponsors), the superscripts, and the tracked changes with their authors.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

let directory: string | null = null
let count = 0

function scratch(docx: Uint8Array): string {
  directory ??= mkdtempSync(join(tmpdir(), 'consenso-pandoc-'))
  const path = join(directory, `read-${++count}.docx`)
  writeFileSync(path, docx)
  return path
}

export const squash = (text: string) => text.replace(/\s+/gu, ' ').trim()

export interface PandocReading {
  paragraphs: string[]
  superscripts: string[]
  changes: Change[]
  /** Each link's words and target, in order. */
  links: Array<{ text: string; href: string }>
  /** Each ordered list's first number, number style and delimiter (pandoc's names), outer lists first. */
  lists: Array<{ start: number; style: string; delim: string }>
  /** Each footnote's text, in order of reference. */
  notes: string[]
  /** Each table: how many header rows, and each row's cells ("words ¶ more words", spans as " ⟨rows×columns⟩"). */
  tables: Array<{ head: number; rows: string[][] }>
}

export function pandocRead(docx: Uint8Array): PandocReading {
  return readPandocJson(execFileSync('pandoc', ['-f', 'docx', '-t', 'json', '--track-changes=all', scratch(docx)], { maxBuffer: 64 * 1024 * 1024 }).toString())
}

/** Pandoc's reading of a Markdown text (CommonMark with strikeout and raw HTML, as our exporter writes it). */
export function pandocReadMarkdown(markdown: string): PandocReading {
  return readPandocJson(execFileSync('pandoc', ['-f', 'commonmark+strikeout+raw_html+footnotes+pipe_tables', '-t', 'json'], { input: markdown, maxBuffer: 64 * 1024 * 1024 }).toString())
}

function readPandocJson(output: string): PandocReading {
  const json = JSON.parse(output) as { blocks: PandocNode[] }
  const paragraphs: string[] = []
  const superscripts: string[] = []
  const changes: Change[] = []
  const links: PandocReading['links'] = []
  const lists: PandocReading['lists'] = []
  const notes: string[] = []
  const tables: PandocReading['tables'] = []
  const inlines = (list: PandocNode[], change: { type: string; author: string } | null): string =>
    list
      .map((node) => {
        const c = node.c as never
        switch (node.t) {
          case 'Str':
            return textOf(c, change)
          case 'Space':
          case 'SoftBreak':
          case 'LineBreak':
            return textOf(' ', change)
          case 'Superscript':
            superscripts.push(inlines(c, null))
            return ''
          case 'Span': {
            const [[, classes, attrs], content] = c as [[string, string[], Array<[string, string]>], PandocNode[]]
            if (classes.includes('comment-start')) return ''
            if (classes.includes('insertion') || classes.includes('deletion')) {
              const author = attrs.find(([k]) => k === 'author')?.[1] ?? ''
              return inlines(content, { type: classes.includes('insertion') ? 'insertion' : 'deletion', author })
            }
            return inlines(content, change)
          }
          case 'Emph':
          case 'Strong':
          case 'Underline':
          case 'Strikeout':
          case 'SmallCaps':
            return inlines(c, change)
          case 'Quoted':
            return inlines((c as [unknown, PandocNode[]])[1], change)
          case 'Note': {
            const paragraphs = (c as PandocNode[]).filter((b) => b.t === 'Para' || b.t === 'Plain').map((b) => squash(inlines(b.c as PandocNode[], null)))
            notes.push(paragraphs.join('\n'))
            return ''
          }
          case 'RawInline':
            // A line break in a Markdown table's cell, where the exporter joins a cell's paragraphs.
            return /^<br\s*\/?>$/iu.test((c as [string, string])[1]) ? ' ¶ ' : ''
          case 'Link': {
            const [, content, [href]] = c as [unknown, PandocNode[], [string, string]]
            const text = inlines(content, change)
            links.push({ text: squash(text), href })
            return text
          }
          default:
            return ''
        }
      })
      .join('')
  const textOf = (text: string, change: { type: string; author: string } | null) => {
    if (change) {
      const last = changes.at(-1)
      if (last && last.type === change.type && last.author === change.author && last.open) last.text += text
      else changes.push({ ...change, text, open: true })
    } else if (changes.length) changes.at(-1)!.open = false
    return text
  }
  const blocks = (list: PandocNode[]): void => {
    for (const node of list) {
      const c = node.c as never
      if (node.t === 'Para' || node.t === 'Plain') paragraphs.push(inlines(c, null))
      else if (node.t === 'Header') paragraphs.push(inlines((c as [number, unknown, PandocNode[]])[2], null))
      else if (node.t === 'BulletList') for (const item of c as PandocNode[][]) blocks(item)
      else if (node.t === 'OrderedList') {
        const [[start, style, delim], items] = c as [[number, PandocNode, PandocNode], PandocNode[][]]
        lists.push({ start, style: style.t, delim: delim.t })
        for (const item of items) blocks(item)
      }
      else if (node.t === 'BlockQuote') blocks(c)
      else if (node.t === 'Table') {
        // Table attr caption colspecs head bodies foot; a row is [attr, cells], a cell [attr, align, rowspan, colspan, blocks].
        type Row = [unknown, Array<[unknown, unknown, number, number, PandocNode[]]>]
        const [, , , [, head], bodies] = c as [unknown, unknown, unknown, [unknown, Row[]], Array<[unknown, unknown, Row[], Row[]]>]
        const row = ([, cells]: Row) =>
          cells.map(([, , rowspan, colspan, content]) => {
            const text = content.filter((b) => b.t === 'Para' || b.t === 'Plain').map((b) => squash(inlines(b.c as PandocNode[], null))).join(' ¶ ')
            return squash(text) + (rowspan > 1 || colspan > 1 ? ` ⟨${rowspan}×${colspan}⟩` : '')
          })
        tables.push({ head: head.length, rows: [...head, ...bodies.flatMap(([, , intermediate, body]) => [...intermediate, ...body])].map(row) })
      }
      else if (node.t === 'Div') blocks((c as [unknown, PandocNode[]])[1])
      if (changes.length) changes.at(-1)!.open = false
    }
  }
  blocks(json.blocks)
  return {
    paragraphs: paragraphs.map(squash).filter(Boolean),
    superscripts: superscripts.map(squash),
    changes: changes.map(({ type, author, text }) => ({ type, author, text: squash(text) })).filter((c) => c.text),
    links,
    lists,
    notes,
    tables,
  }
}
interface PandocNode {
  t: string
  c?: unknown
}
export interface Change {
  type: string
  author: string
  text: string
  open?: boolean
}

