/**
 * A standalone, print-ready HTML page: one file with its own styles (no scripts, no outside
 * resources), a running header with title, version and date, PP/OP numbers in the margin, and
 * in the review view suggestions as `<ins>`/`<del>` with their author, brackets with sponsors,
 * consensus status under each numbered paragraph and the comment threads at the end.
 */
import { authorLabel, type ExportInput, type ExportResult } from './model.ts'
import { bracketSegments, buildIR, inlineAlternatives, liveComments, type Block, type Inline } from './ir.ts'
import { formatDate, headerLine, words } from './labels.ts'
import { bracketNote, statusLine } from './docx.ts'

export const escapeHtml = (text: string): string =>
  text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;').replace(/'/gu, '&#39;')

const STYLES = `
@page { size: A4; margin: 2.2cm 2cm 2.4cm 2.6cm; @bottom-center { content: counter(page) " / " counter(pages); font: 9pt Georgia, serif; } }
:root { color-scheme: light; }
body { font: 12pt/1.55 "Times New Roman", "Liberation Serif", "DejaVu Serif", Georgia, serif; color: #111; max-width: 44em; margin: 2em auto; padding: 0 1.5em; hyphens: auto; }
header.running { font-size: 9pt; color: #555; border-bottom: 1px solid #ccc; padding-bottom: .4em; margin-bottom: 2em; display: flex; justify-content: space-between; gap: 1em; }
h1 { font-size: 1.5em; text-align: center; margin: 0 0 1em; } h2 { font-size: 1.25em; } h3 { font-size: 1.1em; }
p { margin: 0 0 .8em; text-align: justify; orphans: 3; widows: 3; }
p.numbered { position: relative; }
.num { font-weight: bold; margin-right: .4em; }
.status { font-size: 9pt; color: #555; font-style: italic; margin: -.5em 0 1em 1.5em; }
.status.agreed { color: #166534; } .status.agreed_ad_ref { color: #92400e; }
ins { color: #1d4ed8; text-decoration: underline; } del { color: #b91c1c; text-decoration: line-through; }
.format-change { text-decoration: underline dotted #6d28d9; }
[data-suggested~="suggested-split"] { border-left: 3px solid #1d4ed8; padding-left: .5em; }
[data-suggested~="suggested-join"]::before { content: "¶ "; color: #b91c1c; text-decoration: line-through; }
[data-suggested~="suggested-change"] { border-left: 3px dotted #6d28d9; padding-left: .5em; }
.bracket { color: #9a3412; font-weight: bold; } sup.sponsors { color: #9a3412; font-size: 7.5pt; }
mark.comment { background: #fef9c3; } sup.comment-ref { font-size: 7.5pt; color: #854d0e; }
blockquote { margin: 0 0 .8em 2em; font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1em; page-break-inside: auto; } tr { page-break-inside: avoid; }
th, td { border: 1px solid #555; padding: .3em .5em; vertical-align: top; text-align: left; } th { background: #f1f1f1; }
td p, th p { margin: 0; text-align: left; }
section.comments { border-top: 1px solid #ccc; margin-top: 2em; font-size: 10pt; page-break-before: auto; }
section.comments li { margin-bottom: .6em; } .who { font-weight: bold; } .when { color: #555; }
@media print { body { margin: 0; max-width: none; padding: 0; } a { color: inherit; } }
`

export async function exportHtml(input: ExportInput): Promise<ExportResult> {
  return { data: new TextEncoder().encode(htmlOf(input)), contentType: 'text/html; charset=utf-8', extension: 'html' }
}

export function htmlOf(input: ExportInput): string {
  const ir = buildIR(input)
  const w = words(input.meta.language)
  const threadNumbers = new Map(ir.threads.map((t, i) => [t.id, i + 1]))

  const inlines = (list: Inline[]): string => {
    let html = ''
    for (const segment of bracketSegments(list)) {
      if (segment.bracket) html += '<span class="bracket">[</span>'
      for (const inline of segment.inlines) {
        if (inline.kind === 'break') html += '<br>'
        else if (inline.kind === 'footnote') html += `<sup class="footnote-ref"><a href="#fn${inline.number}" id="fnref${inline.number}">${inline.number}</a></sup>`
        else if (inline.kind === 'commentStart') html += `<mark class="comment" data-thread="${threadNumbers.get(inline.threadId)}">`
        else if (inline.kind === 'commentEnd') html += `</mark><sup class="comment-ref"><a href="#c${threadNumbers.get(inline.threadId)}">${threadNumbers.get(inline.threadId)}</a></sup>`
        else {
          let text = escapeHtml(inline.text)
          if (inline.italic) text = `<em>${text}</em>`
          if (inline.bold) text = `<strong>${text}</strong>`
          if (inline.underline) text = `<u>${text}</u>`
          if (inline.strike) text = `<s>${text}</s>`
          if (inline.link) text = `<a href="${escapeHtml(inline.link)}">${text}</a>`
          const s = ir.review ? (inline.deletion ? ['del', inline.deletion] as const : inline.insertion ? ['ins', inline.insertion] as const : null) : null
          if (s) text = `<${s[0]} title="${escapeHtml(`${authorLabel({ delegation: s[1].delegation, name: s[1].authorName })}, ${formatDate(s[1].at, input.meta.language)}`)}">${text}</${s[0]}>`
          else if (ir.review && inline.format) text = `<span class="format-change" title="${escapeHtml(signature(inline.format))}">${text}</span>`
          html += text
        }
      }
      if (segment.bracket) {
        for (const alternative of inlineAlternatives(input, ir, segment.bracket)) html += `<span class="bracket">/</span> <span class="alternative">${escapeHtml(alternative)}</span>`
        html += '<span class="bracket">]</span>'
        const note = ir.review ? bracketNote(input, segment.bracket, w) : ''
        if (note) html += `<sup class="sponsors">${escapeHtml(note)}</sup>`
      }
    }
    // Comment highlights may cross formatting; browsers repair the nesting, the words stay.
    return html
  }

  const signature = (a: { delegation: string; authorName: string; at: string }) => `${authorLabel({ delegation: a.delegation, name: a.authorName })}, ${formatDate(a.at, input.meta.language)}`
  /** Classes and a title for a block whose break or type is a suggestion. */
  const suggested = (block: Block): string => {
    if ((block.type !== 'paragraph' && block.type !== 'heading') || !ir.review) return ''
    const classes = [block.breakChange ? `suggested-${block.breakChange.op}` : '', block.blockChange ? 'suggested-change' : ''].filter(Boolean)
    const who = block.breakChange ?? block.blockChange
    return who ? ` data-suggested="${classes.join(' ')}" title="${escapeHtml(signature(who))}"` : ''
  }

  const blocks = (list: Block[]): string =>
    list
      .map((block) => {
        if (block.type === 'heading') return `<h${block.level}${block.id ? ` id="${escapeHtml(block.id)}"` : ''}${suggested(block)}>${inlines(block.inlines)}</h${block.level}>`
        if (block.type === 'paragraph') {
          const num = block.label ? `<span class="num">${block.label}.</span>` : ''
          const p = `<p${block.id ? ` id="${escapeHtml(block.id)}"` : ''}${block.label ? ' class="numbered"' : ''}${suggested(block)}>${num}${inlines(block.inlines)}</p>`
          return ir.review && block.info ? `${p}\n<p class="status ${block.info.status}">${escapeHtml(statusLine(block.info, w))}</p>` : p
        }
        if (block.type === 'list') {
          const tag = block.ordered ? 'ol' : 'ul'
          return `<${tag}${block.ordered && block.start !== 1 ? ` start="${block.start}"` : ''}${block.ordered && block.listType ? ` type="${block.listType}"` : ''}>${block.items.map((item) => `<li>${blocks(item)}</li>`).join('')}</${tag}>`
        }
        if (block.type === 'table') {
          const rows = block.rows.map((row) => `<tr>${row.map((cell) => {
            const tag = cell.header ? 'th' : 'td'
            return `<${tag}${cell.colspan > 1 ? ` colspan="${cell.colspan}"` : ''}${cell.rowspan > 1 ? ` rowspan="${cell.rowspan}"` : ''}>${blocks(cell.blocks)}</${tag}>`
          }).join('')}</tr>`)
          return `<table${block.id ? ` id="${escapeHtml(block.id)}"` : ''}>${rows.join('\n')}</table>`
        }
        return `<blockquote>${blocks(block.blocks)}</blockquote>`
      })
      .join('\n')

  const comments = ir.threads.length
    ? `<section class="comments"><h2>${w.comments}</h2><ol>${ir.threads
        .map((thread) => {
          const [first, ...replies] = liveComments(thread)
          if (!first) return ''
          const where = thread.range ? `«${escapeHtml(thread.quote)}»` : `${w.onDeletedText}: «${escapeHtml(thread.quote)}»`
          const one = (c: typeof first) => `<span class="who">${escapeHtml(authorLabel(c.author))}</span> <span class="when">${formatDate(c.createdAt, input.meta.language)}</span>: ${escapeHtml(c.text).replace(/\n/gu, '<br>')}`
          return `<li id="c${threadNumbers.get(thread.id)}"><div>${where}${thread.status === 'resolved' ? ` (${w.resolved})` : ''}</div><div>${one(first)}</div>${replies.length ? `<ul>${replies.map((r) => `<li>${one(r)}</li>`).join('')}</ul>` : ''}</li>`
        })
        .join('\n')}</ol></section>`
    : ''

  const notes = ir.footnotes.length
    ? `<section class="footnotes"><h2>${w.notes}</h2><ol>${ir.footnotes.map((n) => `<li id="fn${n.number}">${escapeHtml(n.text)} <a href="#fnref${n.number}">↩</a></li>`).join('\n')}</ol></section>`
    : ''
  return `<!doctype html>
<html lang="${input.meta.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Consenso">
<title>${escapeHtml(input.meta.title)}</title>
<style>${STYLES}</style>
</head>
<body>
<header class="running"><span>${escapeHtml(input.meta.title)}</span><span>${escapeHtml(headerLine(input.meta))}${ir.review ? ` · ${w.reviewView}` : ''}</span></header>
<main>
${blocks(ir.blocks)}
</main>
${notes}
${comments}
</body>
</html>
`
}
