/**
 * The glossary's term matching (server/SPEC.md GLOSS-20..26): folding, inflections, offsets,
 * multi-word terms, the preferred form of a replacement and the bilingual check, as tables.
 */
import { describe, expect, it } from 'vitest'
import {
  checkBilingualPair,
  compileGlossary,
  findTerms,
  inflectLike,
  preferredEntry,
  type GlossaryLanguage,
  type GlossaryTermSource,
} from '@consenso/protocol'

const entry = (id: string, termEs: string, termEn: string, status: GlossaryTermSource['status'] = 'preferred', preferredId: string | null = null): GlossaryTermSource => ({
  id,
  termEs,
  termEn,
  status,
  preferredId,
})

const GLOSSARY = [
  entry('migrante', 'migrante', 'migrant'),
  entry('regularizacion', 'regularización', 'regularization'),
  entry('migracion', 'migración', 'migration'),
  entry('mig-irregular', 'migración irregular', 'irregular migration'),
  entry('irregular', 'irregular', 'irregular'),
  entry('ilegal', 'ilegal', 'illegal', 'deprecated', 'irregular'),
  entry('mig-ilegal', 'migración ilegal', 'illegal migration', 'deprecated', 'mig-irregular'),
  entry('refugiado', 'refugiado', 'refugee'),
  entry('trata', 'trata de personas', 'trafficking in persons'),
  entry('pais', 'país de origen', 'country of origin'),
  entry('solo-es', 'desplazamiento forzado', ''),
]
const compiled = compileGlossary(GLOSSARY)

/** [text, language, the matches as "entryId:words"]. */
const CASES: [string, GlossaryLanguage, string[]][] = [
  ['Los migrantes llegaron.', 'es', ['migrante:migrantes']],
  ['El MIGRANTE llegó.', 'es', ['migrante:MIGRANTE']],
  ['Una mujer migrante y dos migrantes', 'es', ['migrante:migrante', 'migrante:migrantes']],
  ['la regularización de', 'es', ['regularizacion:regularización']],
  ['las regularizaciones masivas', 'es', ['regularizacion:regularizaciones']],
  ['Regularizacion sin tilde', 'es', ['regularizacion:Regularizacion']],
  ['la migración irregular aumentó', 'es', ['mig-irregular:migración irregular']],
  ['las migraciones irregulares', 'es', ['mig-irregular:migraciones irregulares']],
  ['la migración, irregular o no', 'es', ['migracion:migración', 'irregular:irregular']],
  ['la migración-irregular', 'es', ['mig-irregular:migración-irregular']],
  ['migración\u00a0irregular', 'es', ['mig-irregular:migración\u00a0irregular']],
  ['los ilegales y la migración ilegal', 'es', ['ilegal:ilegales', 'mig-ilegal:migración ilegal']],
  ['una persona refugiada y los refugiados', 'es', ['refugiado:refugiada', 'refugiado:refugiados']],
  ['la trata de personas', 'es', ['trata:trata de personas']],
  ['la trata de las personas', 'es', []],
  ['los países de origen', 'es', ['pais:países de origen']],
  ['migrantesque', 'es', []],
  ['inmigrante', 'es', []],
  ['migrants and a migrant', 'en', ['migrante:migrants', 'migrante:migrant']],
  ["the migrant's rights", 'en', ["migrante:migrant's"]],
  ['Regularizations were agreed', 'en', ['regularizacion:Regularizations']],
  ['irregular migration rose', 'en', ['mig-irregular:irregular migration']],
  ['countries of origin', 'en', ['pais:countries of origin']],
  ['Trafficking in persons', 'en', ['trata:Trafficking in persons']],
  ['migrante', 'en', []],
]

describe('glossary term matching', () => {
  it.each(CASES)('[GLOSS-20] [GLOSS-21] [GLOSS-22] %j (%s)', (text, lang, expected) => {
    const found = findTerms(text, compiled, lang)
    expect(found.map((m) => `${m.entryId}:${m.text}`)).toEqual(expected)
    for (const m of found) expect(text.slice(m.from, m.to)).toBe(m.text)
  })

  it('[GLOSS-22] offsets are the text as written, also in decomposed (NFD) accents and after inline gaps', () => {
    const text = 'x\u0000 la regularizacio\u0301n y migrantes'
    const found = findTerms(text, GLOSSARY, 'es')
    expect(found.map((m) => [m.entryId, m.from, m.to])).toEqual([
      ['regularizacion', 6, 21],
      ['migrante', 24, 33],
    ])
    // An inline node between the words of a term breaks it.
    expect(findTerms('migración\u0000irregular', GLOSSARY, 'es').map((m) => m.entryId)).toEqual(['migracion', 'irregular'])
  })

  it('[GLOSS-21] with no language, both languages are looked for and the longer match wins an overlap', () => {
    const found = findTerms('La migración irregular (irregular migration) de migrants', compiled, null)
    expect(found.map((m) => `${m.lang}:${m.entryId}:${m.text}`)).toEqual([
      'es:mig-irregular:migración irregular',
      'en:mig-irregular:irregular migration',
      'en:migrante:migrants',
    ])
  })

  it('[GLOSS-23] the preferred entry follows preferredId to its end and stops on a cycle', () => {
    const byId = new Map(GLOSSARY.map((e) => [e.id, e]))
    expect(preferredEntry(byId.get('ilegal')!, byId)?.id).toBe('irregular')
    expect(preferredEntry(byId.get('migrante')!, byId)).toBeNull()
    const a = entry('a', 'a', 'a', 'deprecated', 'b')
    const b = entry('b', 'b', 'b', 'deprecated', 'a')
    expect(preferredEntry(a, new Map([['a', a], ['b', b]]))?.id).toBe('b')
  })

  /** [matched, term, preferred, language, replacement]. */
  const INFLECT: [string, string, string, GlossaryLanguage, string][] = [
    ['ilegal', 'ilegal', 'irregular', 'es', 'irregular'],
    ['ilegales', 'ilegal', 'irregular', 'es', 'irregulares'],
    ['Ilegales', 'ilegal', 'irregular', 'es', 'Irregulares'],
    ['ILEGAL', 'ilegal', 'irregular', 'es', 'IRREGULAR'],
    ['migraciones ilegales', 'migración ilegal', 'migración irregular', 'es', 'migraciones irregulares'],
    ['trabajadores ilegales', 'trabajador ilegal', 'trabajador migrante', 'es', 'trabajadores migrantes'],
    ['ilegales', 'ilegal', 'en situación irregular', 'es', 'en situaciones irregulares'],
    ['illegal', 'illegal', 'irregular', 'en', 'irregular'],
    ['illegal migrants', 'illegal migrant', 'irregular migrant', 'en', 'irregular migrants'],
    ['Illegal aliens', 'illegal alien', 'migrant in an irregular situation', 'en', 'Migrant in an irregular situations'],
    ['illegal entries', 'illegal entry', 'irregular entry', 'en', 'irregular entries'],
  ]
  it.each(INFLECT)('[GLOSS-24] %j for %j → %j', (matched, term, preferred, lang, expected) => {
    expect(inflectLike(matched, term, preferred, lang)).toBe(expected)
  })
})

describe('the bilingual check', () => {
  /** [es, en, gaps as "usedIn:used→expected"]. */
  const PAIRS: [string, string, string[]][] = [
    ['Los migrantes y la regularización.', 'Migrants and regularization.', []],
    ['Los migrantes y la regularización.', 'Migrants and their status.', ['es:regularización→regularization']],
    ['Los migrantes.', 'Migrants and regularizations.', ['en:regularizations→regularización']],
    ['La migración irregular.', 'Irregular migration.', []],
    ['La migración irregular.', 'Migration.', ['es:migración irregular→irregular migration']],
    // A deprecated term and the preferred counterpart are one concept: no gap (the deprecated one is flagged on its own).
    ['Los migrantes ilegales.', 'Irregular migrants.', []],
    ['Los migrantes ilegales.', 'Migrants.', ['es:ilegales→irregular']],
    ['Un desplazamiento forzado.', 'A forced displacement.', []],
    ['La trata de personas y la trata de personas.', 'Smuggling.', ['es:trata de personas→trafficking in persons']],
    ['', 'Refugees and migrants.', ['en:Refugees→refugiado', 'en:migrants→migrante']],
  ]
  it.each(PAIRS)('[GLOSS-25] %j ⇄ %j', (es, en, expected) => {
    const gaps = checkBilingualPair(es, en, compiled)
    expect(gaps.map((g) => `${g.usedIn}:${g.used}→${g.expected}`)).toEqual(expected)
    for (const g of gaps) expect((g.usedIn === 'es' ? es : en).slice(g.from, g.to)).toBe(g.used)
  })
})
