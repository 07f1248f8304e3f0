/**
 * The glossary as TBX (TermBase eXchange, ISO 30042:2019), dialect TBX-Basic in the DCT style
 * (GLOSS-32/33). One conceptEntry per entry, its id our id behind an underscore (an XML ID
 * may not start with a digit or a dash, ours may); per language a langSec with the
 * definition (descrip type="definition") and a termSec with the term, its administrative
 * status (preferredTerm-admn-sts, admittedTerm-admn-sts, deprecatedTerm-admn-sts) and its
 * source (admin type="source"); the notes as a concept-level note, and the preferred entry
 * as a crossReference (ref target="…").
 *
 * Read back, a file from elsewhere may hold several terms of one language in one concept
 * (the preferred one and its deprecated synonyms): the first preferred (or first) term of
 * each language makes the entry, every other term an entry of its own pointing to it.
 * Built and parsed with @xmldom/xmldom, the XML library the converters already use: the
 * output is well-formed by construction and a malformed file is refused, not guessed at.
 */
import { DOMImplementation, DOMParser, XMLSerializer, type Element as XmlElement } from '@xmldom/xmldom'
import type { GlossaryEntry, GlossaryLanguage, GlossaryStatus } from '@consenso/protocol'
import { GlossaryFileError, type ImportedEntry } from './imported.ts'

export const TBX_NAMESPACE = 'urn:iso:std:iso:30042:ed-2'
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace'

const STATUS_TO_TBX: Record<GlossaryStatus, string> = {
  preferred: 'preferredTerm-admn-sts',
  admitted: 'admittedTerm-admn-sts',
  deprecated: 'deprecatedTerm-admn-sts',
}
const TBX_TO_STATUS: Record<string, GlossaryStatus> = {
  'preferredTerm-admn-sts': 'preferred',
  'admittedTerm-admn-sts': 'admitted',
  'deprecatedTerm-admn-sts': 'deprecated',
  'supersededTerm-admn-sts': 'deprecated',
}

const xmlId = (id: string): string => `_${id}`
const fromXmlId = (id: string): string => (id.startsWith('_') ? id.slice(1) : id)

export function glossaryToTbx(entries: readonly GlossaryEntry[], title: string): string {
  const doc = new DOMImplementation().createDocument(TBX_NAMESPACE, 'tbx', null)
  const root = doc.documentElement!
  const el = (parent: XmlElement, name: string, attrs: Record<string, string> = {}, text?: string): XmlElement => {
    const node = doc.createElementNS(TBX_NAMESPACE, name)
    for (const [key, value] of Object.entries(attrs)) {
      if (key === 'xml:lang') node.setAttributeNS(XML_NAMESPACE, key, value)
      else node.setAttribute(key, value)
    }
    if (text !== undefined) node.appendChild(doc.createTextNode(text))
    parent.appendChild(node)
    return node
  }
  root.setAttribute('type', 'TBX-Basic')
  root.setAttribute('style', 'dct')
  root.setAttributeNS(XML_NAMESPACE, 'xml:lang', 'es')
  const header = el(root, 'tbxHeader')
  const fileDesc = el(header, 'fileDesc')
  el(el(fileDesc, 'titleStmt'), 'title', {}, title)
  el(el(fileDesc, 'sourceDesc'), 'p', {}, 'Consenso')
  const body = el(el(root, 'text'), 'body')
  for (const entry of entries) {
    const concept = el(body, 'conceptEntry', { id: xmlId(entry.id) })
    if (entry.preferredId) el(concept, 'ref', { type: 'crossReference', target: xmlId(entry.preferredId) }, entry.preferredId)
    if (entry.notes) el(concept, 'note', {}, entry.notes)
    for (const lang of ['es', 'en'] as const) {
      const term = lang === 'es' ? entry.termEs : entry.termEn
      const definition = lang === 'es' ? entry.definitionEs : entry.definitionEn
      if (!term && !definition) continue
      const langSec = el(concept, 'langSec', { 'xml:lang': lang })
      if (definition) el(langSec, 'descrip', { type: 'definition' }, definition)
      const termSec = el(langSec, 'termSec')
      el(termSec, 'term', {}, term)
      el(termSec, 'termNote', { type: 'administrativeStatus' }, STATUS_TO_TBX[entry.status])
      if (entry.source) el(termSec, 'admin', { type: 'source' }, entry.source)
    }
  }
  indent(root, 0)
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(doc)}\n`
}

/** Line breaks and indentation between elements that hold elements (none inside text): a file people can read. */
function indent(element: XmlElement, depth: number): void {
  const kids: XmlElement[] = []
  for (let node = element.firstChild; node; node = node.nextSibling) if (node.nodeType === 1) kids.push(node as XmlElement)
  if (kids.length === 0) return
  const doc = element.ownerDocument!
  for (const kid of kids) {
    element.insertBefore(doc.createTextNode(`\n${'  '.repeat(depth + 1)}`), kid)
    indent(kid, depth + 1)
  }
  element.appendChild(doc.createTextNode(`\n${'  '.repeat(depth)}`))
}

const children = (parent: XmlElement, name: string): XmlElement[] => {
  const out: XmlElement[] = []
  for (let node = parent.firstChild; node; node = node.nextSibling) if (node.nodeType === 1 && (node as XmlElement).localName === name) out.push(node as XmlElement)
  return out
}
const descendants = (parent: XmlElement, name: string): XmlElement[] => Array.from(parent.getElementsByTagNameNS('*', name))
const typed = (elements: XmlElement[], type: string): XmlElement | undefined => elements.find((e) => e.getAttribute('type') === type)
const text = (element: XmlElement | undefined): string => element?.textContent ?? ''
const langOf = (element: XmlElement): GlossaryLanguage | null => {
  const lang = (element.getAttributeNS(XML_NAMESPACE, 'lang') || element.getAttribute('xml:lang') || '').toLowerCase()
  return lang === 'es' || lang.startsWith('es-') ? 'es' : lang === 'en' || lang.startsWith('en-') ? 'en' : null
}

interface ReadTerm {
  lang: GlossaryLanguage
  term: string
  status: GlossaryStatus
  definition: string
  source: string
}

export function glossaryFromTbx(xml: string): ImportedEntry[] {
  let doc
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message)
      },
    }).parseFromString(xml, 'text/xml')
  } catch (error) {
    throw new GlossaryFileError(`The TBX file is not well-formed XML: ${(error as Error).message.split('\n')[0]}`)
  }
  const root = doc.documentElement
  if (!root || root.localName !== 'tbx') throw new GlossaryFileError('The file is not TBX: its root element is not <tbx>.')
  const out: ImportedEntry[] = []
  descendants(root, 'conceptEntry').forEach((concept, index) => {
    const place = `conceptEntry ${index + 1}`
    const id = concept.getAttribute('id') ? fromXmlId(concept.getAttribute('id')!) : null
    const ref = typed(descendants(concept, 'ref'), 'crossReference')
    const preferredId = ref?.getAttribute('target') ? fromXmlId(ref.getAttribute('target')!) : null
    const notes = children(concept, 'note').map(text).join('\n\n')
    const conceptSource = text(typed(children(concept, 'admin'), 'source'))
    const terms: ReadTerm[] = []
    for (const langSec of children(concept, 'langSec')) {
      const lang = langOf(langSec)
      if (!lang) continue
      const definition = text(typed(descendants(langSec, 'descrip'), 'definition'))
      const langSource = text(typed(children(langSec, 'admin'), 'source'))
      for (const termSec of children(langSec, 'termSec')) {
        const statusName = text(typed(descendants(termSec, 'termNote'), 'administrativeStatus')).trim()
        const status = TBX_TO_STATUS[statusName] ?? 'preferred'
        const source = text(typed(descendants(termSec, 'admin'), 'source')) || langSource || conceptSource
        terms.push({ lang, term: text(children(termSec, 'term')[0]), status, definition, source })
      }
      if (children(langSec, 'termSec').length === 0 && definition) terms.push({ lang, term: '', status: 'preferred', definition, source: langSource || conceptSource })
    }
    const main: Partial<Record<GlossaryLanguage, ReadTerm>> = {}
    for (const lang of ['es', 'en'] as const) {
      const ofLang = terms.filter((t) => t.lang === lang)
      main[lang] = ofLang.find((t) => t.status === 'preferred') ?? ofLang[0]
    }
    const head = main.es ?? main.en
    if (!head) return
    const entry: ImportedEntry = {
      place,
      id,
      termEs: main.es?.term ?? '',
      termEn: main.en?.term ?? '',
      definitionEs: main.es?.definition ?? '',
      definitionEn: main.en?.definition ?? '',
      source: main.es?.source || main.en?.source || '',
      notes,
      status: head.status,
      preferredId,
    }
    out.push(entry)
    // The other terms of the concept: synonyms pointing to the entry (it needs an id to point to).
    const extras = terms.filter((t) => t !== main.es && t !== main.en && t.term)
    // Not one of our ids in shape: the import gives it a new one and points the synonyms there.
    if (extras.length > 0 && !entry.id) entry.id = `concept ${index + 1}`
    extras.forEach((t, n) => {
      out.push({
        place: `${place}, term ${n + 2}`,
        id: null,
        termEs: t.lang === 'es' ? t.term : '',
        termEn: t.lang === 'en' ? t.term : '',
        definitionEs: '',
        definitionEn: '',
        source: t.source,
        notes: '',
        status: t.status === 'preferred' ? 'admitted' : t.status,
        preferredId: entry.id,
      })
    })
  })
  return out
}
