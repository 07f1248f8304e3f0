/**
 * A comparison of two versions as negotiators read a revision: one row per paragraph, in the
 * newer order, with its number ("PP3 → PP4" when renumbered), what happened to it (added,
 * removed, moved above another, split, merged, consensus status) and its words, inline or
 * side by side.
 */
import { useTranslation } from 'react-i18next'
import type { BlockRef, ParagraphChange, VersionComparison, WordChange } from '@consenso/schema'

export type CompareMode = 'inline' | 'side'

interface Props {
  comparison: VersionComparison
  mode: CompareMode
  onlyChanges: boolean
  fromName: string
  toName: string
  /** Who changed each paragraph between the two versions, by block id (AUTHOR-3). */
  authors?: Readonly<Record<string, readonly { name: string; delegation: string }[]>>
}

function isChange(p: ParagraphChange): boolean {
  return p.change !== 'unchanged' || p.moved !== null || p.renumbered || p.statusChanged || p.formatChanged
}

export function ComparisonView({ comparison, mode, onlyChanges, fromName, toName, authors = {} }: Props) {
  const { t } = useTranslation()
  const rows = onlyChanges ? comparison.paragraphs.filter(isChange) : comparison.paragraphs
  const totals = comparison.totals
  return (
    <div className="versions-compare" data-testid="versions-compare" data-mode={mode}>
      <p className="versions-compare__totals" role="status" data-testid="compare-totals">
        {t('versions.compare.totals', {
          edited: totals.edited,
          added: totals.added,
          removed: totals.removed,
          moved: totals.moved,
          renumbered: totals.renumbered,
          status: totals.statusChanged,
        })}
      </p>
      {mode === 'side' && (
        <div className="versions-row versions-row--head" aria-hidden="true">
          <span />
          <span>{fromName}</span>
          <span>{toName}</span>
        </div>
      )}
      {rows.length === 0 ? (
        <p className="versions-empty">{t('versions.compare.noChanges')}</p>
      ) : (
        <ol className="versions-rows">
          {rows.map((p, i) => (
            <Row key={`${p.after?.id ?? p.before?.id ?? 'row'}-${i}`} change={p} mode={mode} authors={authors[p.after?.id ?? p.before?.id ?? ''] ?? []} />
          ))}
        </ol>
      )}
    </div>
  )
}

const refName = (ref: BlockRef): string => ref.label ?? `“${ref.excerpt}”`

function Row({ change, mode, authors }: { change: ParagraphChange; mode: CompareMode; authors: readonly { name: string; delegation: string }[] }) {
  const { t } = useTranslation()
  const before = change.before?.label ?? null
  const after = change.after?.label ?? null
  const label = change.renumbered ? `${before} → ${after}` : (after ?? before ?? '')
  const tags: { kind: string; text: string }[] = []
  if (change.change === 'added' && !change.splitFrom) tags.push({ kind: 'added', text: t('versions.change.added') })
  if (change.change === 'removed' && !change.mergedInto) tags.push({ kind: 'removed', text: t('versions.change.removed') })
  if (change.change === 'edited') tags.push({ kind: 'edited', text: t('versions.change.edited') })
  if (change.moved) {
    const self = before ?? t('versions.change.thisParagraph')
    tags.push({
      kind: 'moved',
      text: change.moved.above
        ? t('versions.change.movedAbove', { label: self, target: refName(change.moved.above) })
        : change.moved.below
          ? t('versions.change.movedBelow', { label: self, target: refName(change.moved.below) })
          : t('versions.change.moved', { label: self }),
    })
  }
  if (change.splitFrom) tags.push({ kind: 'split', text: t('versions.change.splitFrom', { label: refName(change.splitFrom) }) })
  if (change.splitInto.length) tags.push({ kind: 'split', text: t('versions.change.splitInto', { labels: change.splitInto.map(refName).join(', ') }) })
  if (change.mergedInto) tags.push({ kind: 'merged', text: t('versions.change.mergedInto', { label: refName(change.mergedInto) }) })
  if (change.mergedFrom.length) tags.push({ kind: 'merged', text: t('versions.change.mergedFrom', { labels: change.mergedFrom.map(refName).join(', ') }) })
  if (change.formatChanged) tags.push({ kind: 'format', text: t('versions.change.format') })
  if (change.statusChanged && change.before?.status && change.after?.status) {
    tags.push({
      kind: 'status',
      text: t('versions.change.status', { from: t(`versions.status.${change.before.status}`), to: t(`versions.status.${change.after.status}`) }),
    })
  }
  // Who changed its text between the two versions, from the server's authorship records.
  if (authors.length > 0 && (change.change !== 'unchanged' || change.formatChanged)) {
    tags.push({ kind: 'authors', text: t('versions.change.by', { who: authors.map((a) => `${a.delegation} — ${a.name}`).join(', ') }) })
  }
  const heading = (change.after ?? change.before)?.type === 'heading'
  const words = change.words.length ? change.words : [{ op: 'equal' as const, text: (change.after ?? change.before)?.text ?? '' }]
  return (
    <li
      className={`versions-row versions-row--${change.change}${isChange(change) ? '' : ' versions-row--same'}${heading ? ' versions-row--heading' : ''}`}
      data-testid="compare-row"
      data-change={change.change}
      data-before={before ?? ''}
      data-after={after ?? ''}
      data-moved={change.moved ? 'true' : undefined}
    >
      <span
        className={change.renumbered ? 'versions-label versions-label--renumbered' : 'versions-label'}
        data-testid="compare-label"
        title={change.renumbered ? t('versions.change.renumbered', { from: before, to: after }) : undefined}
      >
        {label}
      </span>
      {mode === 'inline' ? (
        <div className="versions-cell">
          {tags.length > 0 && <Tags tags={tags} />}
          <p className="versions-text">{change.mergedInto ? <em>{change.before?.text}</em> : <Words words={words} show="both" />}</p>
        </div>
      ) : (
        <>
          <div className="versions-cell versions-cell--before">
            {change.before ? (
              <p className="versions-text">
                <Words words={change.mergedInto ? [{ op: 'equal', text: change.before.text }] : words} show="before" />
              </p>
            ) : (
              <p className="versions-text versions-text--none">{t('versions.compare.notThere')}</p>
            )}
          </div>
          <div className="versions-cell versions-cell--after">
            {tags.length > 0 && <Tags tags={tags} />}
            {change.after ? (
              <p className="versions-text">
                <Words words={words} show="after" />
              </p>
            ) : (
              <p className="versions-text versions-text--none">{t('versions.compare.notThere')}</p>
            )}
          </div>
        </>
      )}
    </li>
  )
}

function Tags({ tags }: { tags: { kind: string; text: string }[] }) {
  return (
    <ul className="versions-tags">
      {tags.map((tag, i) => (
        <li key={i} className={`versions-tag versions-tag--${tag.kind}`} data-testid={`compare-tag-${tag.kind}`}>
          {tag.text}
        </li>
      ))}
    </ul>
  )
}

function Words({ words, show }: { words: WordChange[]; show: 'both' | 'before' | 'after' }) {
  return (
    <>
      {words.map((word, i) => {
        if (word.op === 'equal') return <span key={i}>{word.text}</span>
        if (word.op === 'insert')
          return show === 'before' ? null : (
            <ins key={i} className="versions-ins">
              {word.text}
            </ins>
          )
        return show === 'after' ? null : (
          <del key={i} className="versions-del">
            {word.text}
          </del>
        )
      })}
    </>
  )
}
