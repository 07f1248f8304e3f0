/**
 * The Versions panel of the editor: owners save a named version ("Rev.1") and restore any
 * version; everyone who reads the draft lists versions (named apart from the automatic
 * checkpoints), opens one read-only, and compares any two, or one with the current text.
 * The list follows live (UI-VERSIONS-5): versions others save, restore or import appear at once.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CURRENT_VERSION, VERSION_NAME_MAX_LENGTH, VERSION_NOTE_MAX_LENGTH, type VersionContentResponse, type VersionSummary, type VersionsResponse } from '@consenso/protocol'
import type { CompareVersionsResponse } from '@consenso/schema'
import { describeError } from '../api.ts'
import { ConfirmDialog, Dialog } from '../components/Dialog.tsx'
import { TextAreaField } from '../components/Field.tsx'
import { absoluteTime } from '../format.ts'
import { useSignedInUser } from '../auth/context.ts'
import { followLive } from '../notifications/live.ts'
import { listChange, othersDid, type ListChange } from './live-versions.ts'
import { compareVersions, listVersions, openVersion, restoreVersion, saveVersion } from './api.ts'
import { ImportVersionForm } from './ImportVersionForm.tsx'
import { ComparisonView, type CompareMode } from './ComparisonView.tsx'
import { VersionExport } from './VersionExport.tsx'
import { VersionView } from './VersionView.tsx'
import './versions.css'
import { ButtonIcon } from '../components/ButtonIcon.tsx'

type Shown =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'version'; content: VersionContentResponse }
  | { kind: 'compare'; result: CompareVersionsResponse }
  | { kind: 'error'; message: string }

/** The header button and the panel it opens. */
export function VersionsButton({ documentId, isOwner }: { documentId: string; isOwner: boolean }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="button button--small versions-button" data-testid="versions-button" title={t('versions.button')} onClick={() => setOpen(true)}>
        <ButtonIcon>
          <path d="M3.5 10a6.5 6.5 0 1 0 2-4.7" />
          <path d="M3 3.5v3h3" />
          <path d="M10 6.5V10l2.5 1.6" />
        </ButtonIcon>
        <span className="versions-button__text">{t('versions.button')}</span>
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title={t('versions.title')} testId="versions-dialog" wide>
        {open && <VersionsPanel documentId={documentId} isOwner={isOwner} />}
      </Dialog>
    </>
  )
}

export function VersionsPanel({ documentId, isOwner }: { documentId: string; isOwner: boolean }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const [versions, setVersions] = useState<VersionsResponse | null>(null)
  const [listError, setListError] = useState<string | null>(null)
  const [shown, setShown] = useState<Shown>({ kind: 'none' })
  const [from, setFrom] = useState('')
  const [to, setTo] = useState(CURRENT_VERSION)
  const [mode, setMode] = useState<CompareMode>('inline')
  const [onlyChanges, setOnlyChanges] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const [restoring, setRestoring] = useState<VersionSummary | null>(null)
  const [restoreBusy, setRestoreBusy] = useState(false)
  const [restoreError, setRestoreError] = useState<string | null>(null)
  const request = useRef<AbortController | null>(null)
  const me = useSignedInUser().id
  // The list last shown and the latest asked for: an answer overtaken by a newer one is dropped.
  const listed = useRef<VersionsResponse | null>(null)
  const asked = useRef(0)
  // Reads the panel as it is now from the live listener, which outlives a render.
  const afterListChanged = useRef<(change: ListChange, list: VersionsResponse) => void>(() => {})

  const refresh = useCallback(async () => {
    const ask = ++asked.current
    try {
      const list = await listVersions(documentId)
      if (ask !== asked.current) return null
      const change = listChange(listed.current, list)
      listed.current = list
      setVersions(list)
      setListError(null)
      afterListChanged.current(change, list)
      return list
    } catch (error) {
      if (ask === asked.current) setListError(describeError(error))
      return null
    }
  }, [documentId])

  useEffect(() => {
    void refresh().then((list) => {
      // Ready to compare the latest named version with the current text.
      const latest = list?.named[0] ?? list?.checkpoints[0]
      if (latest) setFrom((current) => current || latest.id)
    })
    // Saved, restored or imported by anyone, on any instance (VERSION-10); after a break in
    // the stream, what was missed is listed too.
    const stop = followLive((event) => {
      if (event === null || (event.kind === 'versions' && event.documentId === documentId)) void refresh()
    })
    return () => {
      stop()
      request.current?.abort()
    }
  }, [refresh, documentId])

  const nameOf = useCallback(
    (version: VersionSummary | null | undefined): string => {
      if (!version) return t('versions.current')
      if (version.kind === 'named') return version.name
      const when = absoluteTime(version.createdAt, i18n.language)
      if (version.reason === 'before_restore') {
        const restored = versions && [...versions.named, ...versions.checkpoints].find((v) => v.id === version.restoring)
        // An import names the version it saved after its checkpoint (IMPORT-4); a restore, an older one.
        if (restored?.kind === 'named' && restored.createdAt > version.createdAt) return t('versionImport.beforeImportOf', { name: restored.name, when })
        return restored?.kind === 'named' ? t('versions.reason.beforeRestoreOf', { name: restored.name, when }) : t('versions.reason.beforeRestore', { when })
      }
      return t('versions.reason.hourly', { when })
    },
    [t, i18n.language, versions],
  )

  const show = async (load: (signal: AbortSignal) => Promise<Shown>): Promise<void> => {
    request.current?.abort()
    const controller = new AbortController()
    request.current = controller
    setShown({ kind: 'loading' })
    try {
      const next = await load(controller.signal)
      if (!controller.signal.aborted) setShown(next)
    } catch (error) {
      if (!controller.signal.aborted) setShown({ kind: 'error', message: describeError(error) })
    }
  }

  const openOne = (version: VersionSummary): void =>
    void show(async (signal) => ({ kind: 'version', content: await openVersion(documentId, version.id, signal) }))
  // Pending suggestions are left out of a comparison unless asked for (COMPARE-12).
  const [withSuggestions, setWithSuggestions] = useState(false)
  const compare = (a: string, b: string, include = withSuggestions): void => {
    setFrom(a)
    setTo(b)
    void show(async (signal) => ({ kind: 'compare', result: await compareVersions(documentId, a, b, signal, include ? 'included' : 'aside') }))
  }

  afterListChanged.current = (change, list) => {
    // A restore or an import changed the current text: a comparison with it is made again.
    const compared = shown.kind === 'compare' ? shown.result : null
    const again = change.rewritten && compared !== null && (compared.from === null || compared.to === null)
    if (again) compare(compared.from?.id ?? CURRENT_VERSION, compared.to?.id ?? CURRENT_VERSION)
    const said = othersDid(t, change.added, [...list.named, ...list.checkpoints], me)
    if (said) setNotice(again ? `${said} ${t('versions.live.comparedAgain')}` : said)
  }

  /** What either list (named versions, checkpoints) lets a person do with a version. */
  const listActions: Pick<ListProps, 'nameOf' | 'isOwner' | 'onOpen' | 'onCompare' | 'onRestore'> = {
    nameOf,
    isOwner,
    onOpen: openOne,
    onCompare: (v) => compare(v.id, CURRENT_VERSION),
    onRestore: (v) => {
      setRestoreError(null)
      setRestoring(v)
    },
  }

  const confirmRestore = async (): Promise<void> => {
    if (!restoring) return
    setRestoreBusy(true)
    setRestoreError(null)
    try {
      await restoreVersion(documentId, restoring.id)
      setNotice(t('versions.restore.done', { name: nameOf(restoring) }))
      setRestoring(null)
      await refresh()
    } catch (error) {
      setRestoreError(describeError(error))
    } finally {
      setRestoreBusy(false)
    }
  }

  const all = versions ? [...versions.named, ...versions.checkpoints] : []
  return (
    <div className="versions-panel" data-testid="versions-panel">
      <aside className="versions-side">
        {isOwner ? (
          <>
            <SaveForm
              documentId={documentId}
              onSaved={(version) => {
                setNotice(t('versions.save.done', { name: version.name }))
                // The first version saved is ready to compare with the current text.
                setFrom((current) => current || version.id)
                void refresh()
              }}
            />
            <ImportVersionForm
              documentId={documentId}
              onImported={(imported) => {
                setNotice(t('versionImport.done', { name: imported.version.name }))
                // Ready to compare the previous round (the checkpoint) with the imported one.
                setFrom(imported.checkpoint.id)
                setTo(imported.version.id)
                void refresh()
              }}
            />
          </>
        ) : (
          <p className="versions-hint">{t('versions.save.ownersOnly')}</p>
        )}
        {notice && (
          <p className="notice notice--success versions-notice" role="status" data-testid="versions-notice">
            {notice}
          </p>
        )}
        {listError && (
          <p className="notice notice--error" role="alert">
            {listError}
          </p>
        )}
        <h3 id={`${ids}-named`}>{t('versions.named')}</h3>
        <VersionList
          labelledBy={`${ids}-named`}
          versions={versions?.named ?? null}
          empty={t('versions.noNamed')}
          {...listActions}
          testId="versions-named"
        />
        <details className="versions-checkpoints">
          <summary>
            {t('versions.checkpoints')} ({versions?.checkpoints.length ?? 0})
          </summary>
          <VersionList
            versions={versions?.checkpoints ?? null}
            empty={t('versions.noCheckpoints')}
            {...listActions}
            testId="versions-checkpoints"
          />
        </details>
      </aside>
      {/* Not a live region: a whole comparison would be read out; its totals line speaks (A11Y-23). */}
      <section className="versions-main">
        <form
          className="versions-compare-form"
          onSubmit={(event) => {
            event.preventDefault()
            if (from) compare(from, to)
          }}
        >
          <label>
            <span>{t('versions.compare.from')}</span>
            <select value={from} onChange={(e) => setFrom(e.target.value)} data-testid="compare-from">
              <option value="" disabled>
                {t('versions.compare.choose')}
              </option>
              <VersionOptions versions={all} nameOf={nameOf} />
              <option value={CURRENT_VERSION}>{t('versions.current')}</option>
            </select>
          </label>
          <label>
            <span>{t('versions.compare.to')}</span>
            <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="compare-to">
              <VersionOptions versions={all} nameOf={nameOf} />
              <option value={CURRENT_VERSION}>{t('versions.current')}</option>
            </select>
          </label>
          <button type="submit" className="button button--primary button--small" disabled={!from} data-testid="compare-submit">
            {t('versions.compare.submit')}
          </button>
          <fieldset className="versions-mode">
            <legend className="visually-hidden">{t('versions.compare.layout')}</legend>
            {(['inline', 'side'] as const).map((m) => (
              <label key={m} className={mode === m ? 'versions-mode__option versions-mode__option--on' : 'versions-mode__option'}>
                <input type="radio" name={`${ids}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)} data-testid={`compare-mode-${m}`} />
                {t(m === 'inline' ? 'versions.compare.inline' : 'versions.compare.side')}
              </label>
            ))}
          </fieldset>
          <label className="versions-only">
            <input type="checkbox" checked={onlyChanges} onChange={(e) => setOnlyChanges(e.target.checked)} data-testid="compare-only-changes" />
            {t('versions.compare.onlyChanges')}
          </label>
          <label className="versions-only" title={t('versions.compare.withSuggestionsHint')}>
            <input
              type="checkbox"
              checked={withSuggestions}
              onChange={(e) => {
                setWithSuggestions(e.target.checked)
                if (shown.kind === 'compare' && from) compare(from, to, e.target.checked)
              }}
              data-testid="compare-with-suggestions"
            />
            {t('versions.compare.withSuggestions')}
          </label>
        </form>
        {/* Focusable so that arrows, Page Up/Down scroll it from the keyboard (A11Y-23). */}
        <div className="versions-content" tabIndex={0} role="region" aria-label={t('versions.contentLabel')} data-testid="versions-content">
          {shown.kind === 'none' && <p className="versions-empty">{t('versions.pick')}</p>}
          {shown.kind === 'loading' && (
            <p className="versions-empty" role="status">
              {t('versions.loading')}
            </p>
          )}
          {shown.kind === 'error' && (
            <p className="notice notice--error" role="alert">
              {shown.message}
            </p>
          )}
          {shown.kind === 'version' && (
            <>
              <p className="versions-caption" data-testid="version-caption">
                {t('versions.view.caption', { name: nameOf(shown.content.version), when: absoluteTime(shown.content.version.createdAt, i18n.language) })}
              </p>
              <VersionExport documentId={documentId} versionId={shown.content.version.id} />
              <VersionView content={shown.content} />
            </>
          )}
          {shown.kind === 'compare' && (
            <>
              <p className="versions-caption" data-testid="compare-caption">
                {t('versions.compare.caption', { from: nameOf(shown.result.from), to: nameOf(shown.result.to) })}
              </p>
              <ComparisonView
                comparison={shown.result.comparison}
                mode={mode}
                onlyChanges={onlyChanges}
                fromName={nameOf(shown.result.from)}
                toName={nameOf(shown.result.to)}
                authors={shown.result.authors}
              />
            </>
          )}
        </div>
      </section>
      <ConfirmDialog
        open={restoring !== null}
        title={t('versions.restore.title', { name: restoring ? nameOf(restoring) : '' })}
        body={<p>{t('versions.restore.body')}</p>}
        confirmLabel={t('versions.restore.confirm')}
        busy={restoreBusy}
        error={restoreError}
        onConfirm={() => void confirmRestore()}
        onCancel={() => setRestoring(null)}
      />
    </div>
  )
}

function VersionOptions({ versions, nameOf }: { versions: VersionSummary[]; nameOf: (v: VersionSummary) => string }) {
  return (
    <>
      {versions.map((v) => (
        <option key={v.id} value={v.id}>
          {nameOf(v)}
        </option>
      ))}
    </>
  )
}

interface ListProps {
  versions: VersionSummary[] | null
  empty: string
  nameOf: (v: VersionSummary) => string
  isOwner: boolean
  onOpen: (v: VersionSummary) => void
  onCompare: (v: VersionSummary) => void
  onRestore: (v: VersionSummary) => void
  testId: string
  labelledBy?: string
}

function VersionList({ versions, empty, nameOf, isOwner, onOpen, onCompare, onRestore, testId, labelledBy }: ListProps) {
  const { t, i18n } = useTranslation()
  if (versions === null) return <p className="versions-empty">{t('versions.loading')}</p>
  if (versions.length === 0) return <p className="versions-empty">{empty}</p>
  return (
    <ul className="versions-list" data-testid={testId} aria-labelledby={labelledBy}>
      {versions.map((v) => (
        <li key={v.id} className="versions-item" data-testid="version-item" data-name={v.name}>
          <div className="versions-item__name">{nameOf(v)}</div>
          <div className="versions-item__meta">
            {v.createdBy ? t('versions.by', { name: v.createdBy.name, delegation: v.createdBy.delegation }) : t('versions.automatic')}
            {' · '}
            <time dateTime={v.createdAt}>{absoluteTime(v.createdAt, i18n.language)}</time>
          </div>
          {v.note && <p className="versions-item__note">{v.note}</p>}
          <div className="versions-item__actions">
            <button type="button" className="button button--quiet button--small" onClick={() => onOpen(v)} data-testid="version-open">
              {t('versions.open')}
            </button>
            <button type="button" className="button button--quiet button--small" onClick={() => onCompare(v)} data-testid="version-compare-current">
              {t('versions.compareWithCurrent')}
            </button>
            {isOwner && (
              <button type="button" className="button button--quiet button--small" onClick={() => onRestore(v)} data-testid="version-restore">
                {t('versions.restore.button')}
              </button>
            )}
          </div>
        </li>
      ))}
    </ul>
  )
}

function SaveForm({ documentId, onSaved }: { documentId: string; onSaved: (v: VersionSummary) => void }) {
  const { t } = useTranslation()
  const ids = useId()
  const [name, setName] = useState('')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  return (
    <form
      className="versions-save"
      data-testid="version-save-form"
      onSubmit={(event) => {
        event.preventDefault()
        if (!name.trim()) {
          setError(t('versions.save.nameRequired'))
          return
        }
        setBusy(true)
        setError(null)
        saveVersion(documentId, { name: name.trim(), ...(note.trim() ? { note: note.trim() } : {}) }).then(
          (version) => {
            setBusy(false)
            setName('')
            setNote('')
            onSaved(version)
          },
          (failure: unknown) => {
            setBusy(false)
            setError(describeError(failure))
          },
        )
      }}
    >
      <h3>{t('versions.save.heading')}</h3>
      <div className="field">
        <label htmlFor={`${ids}-name`}>{t('versions.save.name')}</label>
        <input
          id={`${ids}-name`}
          value={name}
          maxLength={VERSION_NAME_MAX_LENGTH}
          placeholder={t('versions.save.namePlaceholder')}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={error ? true : undefined}
          data-testid="version-name"
        />
      </div>
      <TextAreaField label={t('versions.save.note')} value={note} maxLength={VERSION_NOTE_MAX_LENGTH} rows={2} onChange={(e) => setNote(e.target.value)} testId="version-note" />
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button--primary button--small" disabled={busy} data-testid="version-save">
        {busy ? t('versions.save.saving') : t('versions.save.submit')}
      </button>
    </form>
  )
}
