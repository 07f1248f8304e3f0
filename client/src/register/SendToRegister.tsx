import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import type { ConfirmMinutesRequest, ReadMinutesResponse } from '@consenso/protocol'
import { confirmMinutes, describeError, readMinutes } from '../api.ts'
import { Dialog } from '../components/Dialog.tsx'
import { useMayManageRegister } from './permissions.ts'
import { MinutesReview } from './MinutesReview.tsx'

/**
 * "Send agreements to the register", in the header of a minutes draft: the items of its
 * "Acuerdos"/"Agreements" section are read (who, when, which meeting), reviewed in the dialog
 * (MinutesReview) and, once confirmed, become agreements linked back to them and meetings in the
 * calendar; items already sent are left as they are (server/SPEC.md REGISTER-30/31). Shown to
 * those who may change the register.
 */
export function SendToRegister({ documentId }: { documentId: string }) {
  const { t } = useTranslation()
  const manage = useMayManageRegister()
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [reading, setReading] = useState<ReadMinutesResponse | null>(null)
  const [result, setResult] = useState<{ ok: { created: { id: string; text: string }[]; existing: number } } | { error: string } | null>(null)
  if (!manage) return null

  const send = async (): Promise<void> => {
    setBusy(true)
    setResult(null)
    setOpen(true)
    setReading(null)
    try {
      const read = await readMinutes(documentId)
      // Nothing new to review: say so at once.
      if (read.items.length === 0 && !read.minutesMeeting) setResult({ ok: { created: [], existing: read.existing } })
      else setReading(read)
    } catch (error) {
      setResult({ error: describeError(error) })
    } finally {
      setBusy(false)
    }
  }

  const confirm = async (body: ConfirmMinutesRequest): Promise<void> => {
    setBusy(true)
    try {
      const done = await confirmMinutes(body)
      setReading(null)
      setResult({ ok: { created: done.created, existing: done.existing + (reading?.existing ?? 0) } })
    } catch (error) {
      setResult({ error: describeError(error) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      {/* The visible words are part of the full name, as WCAG 2.5.3 asks; the header is crowded. */}
      <button
        type="button"
        className="button button--small"
        data-testid="send-to-register"
        onClick={() => void send()}
        disabled={busy}
        aria-label={t('register.fromMinutes.button')}
        title={t('register.fromMinutes.button')}
      >
        <span aria-hidden="true">→ </span>
        {t('register.fromMinutes.short')}
      </button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={reading ? t('register.review.title') : t('register.fromMinutes.title')}
        testId="send-to-register-dialog"
        wide
      >
        {busy && !reading && <p role="status">{t('register.review.reading')}</p>}
        {result && 'error' in result && (
          <p className="notice notice--error" role="alert">
            {result.error}
          </p>
        )}
        {reading && <MinutesReview documentId={documentId} reading={reading} busy={busy} onConfirm={(body) => void confirm(body)} onCancel={() => setOpen(false)} />}
        {result && 'ok' in result && (
          <div role="status" data-testid="send-to-register-result">
            <p>{t('register.fromMinutes.created', { count: result.ok.created.length })}</p>
            {result.ok.existing > 0 && <p>{t('register.fromMinutes.existing', { count: result.ok.existing })}</p>}
            {result.ok.created.length > 0 && (
              <ul className="register-sent">
                {result.ok.created.map((a) => (
                  <li key={a.id}>{a.text}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {!reading && (
          <div className="dialog-actions">
            <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
              {t('common.close')}
            </button>
            <Link href="/register" className="button button--primary" data-testid="open-register">
              {t('register.fromMinutes.openRegister')}
            </Link>
          </div>
        )}
      </Dialog>
    </>
  )
}
