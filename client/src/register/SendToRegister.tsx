import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'wouter'
import type { FromMinutesResponse } from '@consenso/protocol'
import { agreementsFromMinutes, describeError } from '../api.ts'
import { Dialog } from '../components/Dialog.tsx'
import { useMayManageRegister } from './permissions.ts'

/**
 * "Send agreements to the register", in the header of a minutes draft: each item of its
 * "Acuerdos"/"Agreements" section becomes an agreement linked back to it; items already sent
 * are left as they are (server/SPEC.md REGISTER-5). Shown to those who may change the register.
 */
export function SendToRegister({ documentId }: { documentId: string }) {
  const { t } = useTranslation()
  const manage = useMayManageRegister()
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ ok: FromMinutesResponse } | { error: string } | null>(null)
  if (!manage) return null

  const send = async (): Promise<void> => {
    setBusy(true)
    setResult(null)
    setOpen(true)
    try {
      setResult({ ok: await agreementsFromMinutes(documentId) })
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
      <Dialog open={open} onClose={() => setOpen(false)} title={t('register.fromMinutes.title')} testId="send-to-register-dialog">
        {busy && <p role="status">{t('register.fromMinutes.sending')}</p>}
        {result && 'error' in result && (
          <p className="notice notice--error" role="alert">
            {result.error}
          </p>
        )}
        {result && 'ok' in result && (
          <div role="status" data-testid="send-to-register-result">
            <p>{t('register.fromMinutes.created', { count: result.ok.created.length })}</p>
            {result.ok.existing > 0 && <p>{t('register.fromMinutes.existing', { count: result.ok.existing })}</p>}
            {result.ok.unread.length > 0 && (
              <div className="notice notice--warning" data-testid="send-to-register-unread">
                <p>{t('register.fromMinutes.unread', { count: result.ok.unread.length })}</p>
                <ul className="register-sent">
                  {result.ok.unread.map((item) => (
                    <li key={item.blockId}>{item.text}</li>
                  ))}
                </ul>
              </div>
            )}
            {result.ok.created.length > 0 && (
              <ul className="register-sent">
                {result.ok.created.map((a) => (
                  <li key={a.id}>{a.text}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
            {t('common.close')}
          </button>
          <Link href="/register" className="button button--primary" data-testid="open-register">
            {t('register.fromMinutes.openRegister')}
          </Link>
        </div>
      </Dialog>
    </>
  )
}
