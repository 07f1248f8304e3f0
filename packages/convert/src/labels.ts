/** The few words exports print themselves, in the export's language. */
import type { ParagraphStatus, Stance } from '@consenso/protocol'
import type { ExportLanguage, ExportMeta } from './model.ts'

const WORDS = {
  es: {
    version: 'Versión',
    liveDraft: 'Borrador en curso',
    page: (n: number, total: number) => `Página ${n} de ${total}`,
    comments: 'Comentarios',
    notes: 'Notas',
    brackets: 'Corchetes',
    consensus: 'Consenso por párrafo',
    resolved: 'resuelto',
    onDeletedText: 'Sobre texto eliminado',
    sponsors: 'Patrocinan',
    alternative: 'Alt.',
    reviewView: 'Versión con cambios, comentarios y corchetes',
    cleanView: 'Texto limpio',
    status: { agreed: 'Acordado', agreed_ad_ref: 'Acordado ad ref.', open: 'Abierto' } satisfies Record<ParagraphStatus, string>,
    stance: { agree: 'de acuerdo', agree_ad_ref: 'ad ref.', reservation: 'reserva', objection: 'objeción' } satisfies Record<Stance, string>,
    noPosition: 'sin posición',
  },
  en: {
    version: 'Version',
    liveDraft: 'Working draft',
    page: (n: number, total: number) => `Page ${n} of ${total}`,
    comments: 'Comments',
    notes: 'Notes',
    brackets: 'Brackets',
    consensus: 'Consensus by paragraph',
    resolved: 'resolved',
    onDeletedText: 'On deleted text',
    sponsors: 'Sponsored by',
    alternative: 'Alt.',
    reviewView: 'Version with changes, comments and brackets',
    cleanView: 'Clean text',
    status: { agreed: 'Agreed', agreed_ad_ref: 'Agreed ad ref.', open: 'Open' } satisfies Record<ParagraphStatus, string>,
    stance: { agree: 'agrees', agree_ad_ref: 'ad ref.', reservation: 'reservation', objection: 'objection' } satisfies Record<Stance, string>,
    noPosition: 'no position',
  },
} as const

export type Words = (typeof WORDS)[ExportLanguage]

export function words(language: ExportLanguage): Words {
  return WORDS[language]
}

/** The header's right-hand words: the stamp alone when there is one, else "Versión: Rev.1 · 12 de mayo de 2026". */
export function headerLine(meta: ExportMeta): string {
  if (meta.stamp) return meta.stamp
  const w = WORDS[meta.language]
  return `${meta.versionName ? `${w.version}: ${meta.versionName}` : w.liveDraft} · ${formatDate(meta.date, meta.language)}`
}

/** "12 de mayo de 2026" / "12 May 2026", in UTC so the server's zone never shifts the day. */
export function formatDate(iso: string, language: ExportLanguage): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(language === 'es' ? 'es-ES' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date)
}
