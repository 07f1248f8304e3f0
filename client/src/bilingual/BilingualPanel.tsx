/**
 * The second language's controls above the text (UI-BILING-1..4): an owner adds the other
 * language; everyone shows it side by side or hides it; owners choose which text is
 * authentic; the counterparts' statuses are counted, and each outdated one is listed with the
 * source's change word by word, whether its paragraph is agreed in each language, and (for
 * those who may edit) a button confirming it; downloads of each text and of both. With a
 * glossary, the paragraphs whose text in one language uses a term whose agreed counterpart the
 * other lacks are listed too (GLOSS-25, UI-BILING-5).
 */
import { useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { checkBilingualPair, compileGlossary, type BilingualGap, type GlossaryEntry } from '@consenso/protocol'
import { agreedLanguages, confirmTranslation, type Authentic, type TextLanguage, type TranslationRow } from '@consenso/schema'
import type { CollabSession } from '../collab/session.ts'
import { ApiRequestError } from '../api.ts'
import { addTranslation, changeTranslation, exportUrl } from './api.ts'
import type { Bilingual } from './useBilingual.ts'

interface Props {
  session: CollabSession
  bilingual: Bilingual
  /** The draft's language when it has only one (review settings), else null. */
  language: TextLanguage | null
  isOwner: boolean
  canEdit: boolean
  /** Consensus status of each paragraph (agreed, agreed_ad_ref, open). */
  consensus: ReadonlyMap<string, string>
  sideBySide: boolean
  onSideBySide: (on: boolean) => void
  /** The workspace glossary, for the terms each pair must carry across. */
  glossary?: readonly GlossaryEntry[]
}

const AGREED = new Set(['agreed', 'agreed_ad_ref'])

function Change({ row }: { row: TranslationRow }) {
  if (!row.change) return null
  return (
    <span className="translation-change">
      {row.change.map((part, i) =>
        part.op === 'insert' ? <ins key={i}>{part.text}</ins> : part.op === 'delete' ? <del key={i}>{part.text}</del> : <span key={i}>{part.text}</span>,
      )}
    </span>
  )
}

export function BilingualPanel({ session, bilingual, language, isOwner, canEdit, consensus, sideBySide, onSideBySide, glossary = [] }: Props) {
  const { t } = useTranslation()
  const ids = useId()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const { settings, source, rows } = bilingual
  const fail = (e: unknown) => setError(e instanceof ApiRequestError ? e.message : t('bilingual.failed'))
  // Pairs with both texts written, checked against the glossary whenever either changes.
  const termGaps = useMemo(() => {
    if (!settings || !source || glossary.length === 0) return []
    const terms = compileGlossary(glossary)
    const gaps: { row: TranslationRow; gap: BilingualGap }[] = []
    for (const row of rows) {
      if (!row.sourceText.trim() || !row.targetText.trim()) continue
      const [es, en] = source === 'es' ? [row.sourceText, row.targetText] : [row.targetText, row.sourceText]
      for (const gap of checkBilingualPair(es, en, terms)) gaps.push({ row, gap })
    }
    return gaps
  }, [settings, source, rows, glossary])

  if (!settings || !source) {
    if (!isOwner) return null
    const other: TextLanguage = (language ?? 'es') === 'es' ? 'en' : 'es'
    return (
      // An offer, not a panel: a small quiet button at the right, so drafts with one language
      // (most of them) do not give a whole boxed row above the text to it.
      <div className="bilingual-offer">
        <button
          type="button"
          className="button button--quiet button--small"
          disabled={busy}
          onClick={() => {
            setBusy(true)
            setError(null)
            addTranslation(session.documentId, { language: other })
              .then(() => onSideBySide(true))
              .catch(fail)
              .finally(() => setBusy(false))
          }}
        >
          {t('bilingual.add', { language: t(`bilingual.language.${other}`) })}
        </button>
        {error && <p role="alert" className="notice notice--warning">{error}</p>}
      </div>
    )
  }

  const target = settings.language
  const tag = (l: TextLanguage) => l.toUpperCase()
  const counts = { current: 0, outdated: 0, untranslated: 0, missing: 0 }
  for (const row of rows) counts[row.status] += 1
  const outdated = rows.filter((row) => row.status === 'outdated')
  const agreedRows = rows.filter((row) => row.label && AGREED.has(consensus.get(row.id) ?? ''))

  return (
    <section className="bilingual-bar" aria-labelledby={`${ids}-title`} data-testid="bilingual-panel">
      <h2 id={`${ids}-title`} className="bilingual-bar__title">
        {t('bilingual.title', { source: tag(source), target: tag(target) })}
      </h2>
      <div className="bilingual-bar__row">
        <button type="button" className="button" aria-pressed={sideBySide} onClick={() => onSideBySide(!sideBySide)}>
          {t('bilingual.sideBySide', { language: t(`bilingual.language.${target}`) })}
        </button>
        <label className="bilingual-bar__field">
          {t('bilingual.authentic')}{' '}
          <select
            value={settings.authentic}
            disabled={!isOwner || busy}
            onChange={(event) => {
              setBusy(true)
              setError(null)
              changeTranslation(session.documentId, { authentic: event.target.value as Authentic })
                .catch(fail)
                .finally(() => setBusy(false))
            }}
          >
            <option value={source}>{t(`bilingual.language.${source}`)}</option>
            <option value={target}>{t(`bilingual.language.${target}`)}</option>
            <option value="both">{t('bilingual.both')}</option>
          </select>
        </label>
        <p className="bilingual-bar__counts" role="status" data-testid="translation-counts">
          {t('bilingual.counts', { language: tag(target), current: counts.current, outdated: counts.outdated, untranslated: counts.untranslated + counts.missing })}
        </p>
        <span className="bilingual-bar__downloads">
          {t('bilingual.download')}{' '}
          <a href={exportUrl(session.documentId, 'docx', 'bilingual')} download data-testid="bilingual-docx">
            {t('bilingual.wordBoth', { source: tag(source), target: tag(target) })}
          </a>{' '}
          <a href={exportUrl(session.documentId, 'pdf', 'bilingual')} download>
            {t('bilingual.pdfBoth', { source: tag(source), target: tag(target) })}
          </a>{' '}
          <a href={exportUrl(session.documentId, 'docx', 'translation')} download>
            {t('bilingual.wordOne', { language: tag(target) })}
          </a>{' '}
          <a href={exportUrl(session.documentId, 'akn', 'translation')} download>
            {t('bilingual.aknOne', { language: tag(target) })}
          </a>
        </span>
      </div>
      {error && <p role="alert" className="notice notice--warning">{error}</p>}
      {outdated.length > 0 && (
        <ul className="bilingual-bar__outdated" aria-label={t('bilingual.outdatedList', { language: tag(target) })} data-testid="outdated-list">
          {outdated.map((row) => (
            <li key={row.id} data-paragraph={row.id}>
              <strong>{t('bilingual.outdatedItem', { label: row.label ?? t('bilingual.block'), language: tag(target) })}</strong>{' '}
              {row.change ? (
                <>
                  {t('bilingual.changeIn', { language: tag(source) })} <Change row={row} />
                </>
              ) : (
                t('bilingual.neverConfirmed')
              )}{' '}
              {canEdit && (
                <button type="button" className="button button--small" onClick={() => confirmTranslation(session.ydoc, row.id)}>
                  {t('bilingual.confirm', { label: row.label ?? t('bilingual.block'), language: tag(target) })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {termGaps.length > 0 && (
        <ul className="bilingual-bar__terms" aria-label={t('bilingual.termGaps')} data-testid="term-gaps">
          {termGaps.map(({ row, gap }) => (
            <li key={`${row.id}-${gap.entryId}-${gap.usedIn}`} data-paragraph={row.id}>
              {t('bilingual.termGap', {
                label: row.label ?? t('bilingual.block'),
                used: gap.used,
                usedIn: tag(gap.usedIn),
                expected: gap.expected,
                missingIn: tag(gap.missingIn),
              })}
            </li>
          ))}
        </ul>
      )}
      {agreedRows.length > 0 && (
        <ul className="bilingual-bar__agreed" aria-label={t('bilingual.agreedList')} data-testid="agreed-by-language">
          {agreedRows.map((row) => {
            const agreed = agreedLanguages(true, row.status, { source, target })
            return (
              <li key={row.id}>
                {t(agreed[target] ? 'bilingual.agreedBoth' : 'bilingual.agreedOne', {
                  label: row.label,
                  source: tag(source),
                  target: tag(target),
                  status: t(`bilingual.status.${row.status}`).toLocaleLowerCase(),
                })}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
