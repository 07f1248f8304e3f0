/**
 * How a notification reads in an e-mail, in the recipient's language (NOTIFY-5). The inbox
 * words the same data with the client's i18n (client/src/notifications).
 */
import type { Language, NotificationData, NotificationKind } from '@consenso/protocol'

const who = (d: NotificationData): string => (d.actorName ? `${d.actorName}${d.actorDelegation ? ` (${d.actorDelegation})` : ''}` : '')
const draft = (d: NotificationData): string => `«${d.title ?? ''}»`

const STANCES: Record<Language, Record<string, string>> = {
  es: { agree: 'de acuerdo', agree_ad_ref: 'de acuerdo ad referéndum', reservation: 'con reserva', objection: 'objeción', withdrawn: 'retirada' },
  en: { agree: 'agreed', agree_ad_ref: 'agreed ad referendum', reservation: 'with a reservation', objection: 'objection', withdrawn: 'withdrawn' },
}

const ROLES: Record<Language, Record<string, string>> = {
  es: { owner: 'propietario', editor: 'editor', proposer: 'proponente', commenter: 'comentarista', viewer: 'lector' },
  en: { owner: 'an owner', editor: 'an editor', proposer: 'a proposer', commenter: 'a commenter', viewer: 'a viewer' },
}

const deadline = (d: NotificationData): string => (d.localDeadline ? `${d.localDeadline.replace('T', ' ')} (${d.timeZone ?? 'UTC'})` : '')

type Words = (d: NotificationData) => string

const LINES: Record<Language, Record<NotificationKind, Words>> = {
  es: {
    mention: (d) => `${who(d)} le mencionó en ${draft(d)}${d.excerpt ? `: "${d.excerpt}"` : ''}`,
    position: (d) => `${who(d)} registró una posición (${STANCES.es[d.stance ?? ''] ?? d.stance}) sobre ${d.paragraph ?? 'un párrafo'} de ${draft(d)}`,
    reopened: (d) => `${d.paragraph ?? 'Un párrafo'} de ${draft(d)} fue reabierto${who(d) ? ` por ${who(d)}` : ''}`,
    version_saved: (d) => `${who(d)} guardó la versión "${d.versionName ?? ''}" de ${draft(d)}`,
    restored: (d) => `${who(d)} restauró la versión "${d.versionName ?? ''}" de ${draft(d)}`,
    silence_started: (d) => `${draft(d)} está bajo procedimiento de silencio hasta el ${deadline(d)}`,
    silence_extended: (d) => `${who(d) || 'Se'} prorrogó el procedimiento de silencio sobre ${draft(d)} hasta el ${deadline(d)}`,
    silence_broken: (d) => `${who(d)} rompió el silencio sobre ${draft(d)}${d.excerpt ? `: "${d.excerpt}"` : ''}`,
    silence_ended: (d) => `El procedimiento de silencio sobre ${draft(d)} fue retirado${who(d) ? ` por ${who(d)}` : ''}`,
    adopted: (d) => `${draft(d)} fue adoptado${d.versionName ? ` ("${d.versionName}")` : ''}`,
    invited: (d) => `${who(d) || 'Alguien'} le dio acceso a ${draft(d)} como ${ROLES.es[d.role ?? ''] ?? d.role ?? ''}`,
    agreement_due: (d) => `Un acuerdo a cargo de ${d.responsible ?? ''} vence el ${d.dueDate ?? ''}${d.excerpt ? `: "${d.excerpt}"` : ''}`,
    questionnaire_opened: (d) => `${who(d) || 'Una secretaría'} pide a su delegación que responda el cuestionario "${d.title ?? ''}"${d.localDeadline ? ` antes del ${d.localDeadline} (${d.timeZone ?? 'UTC'})` : ''}`,
    questionnaire_reminder: (d) => `Recordatorio: su delegación aún no envió el cuestionario "${d.title ?? ''}"${d.localDeadline ? ` (plazo: ${d.localDeadline} ${d.timeZone ?? 'UTC'})` : ''}`,
  },
  en: {
    mention: (d) => `${who(d)} mentioned you in ${draft(d)}${d.excerpt ? `: "${d.excerpt}"` : ''}`,
    position: (d) => `${who(d)} recorded a position (${STANCES.en[d.stance ?? ''] ?? d.stance}) on ${d.paragraph ?? 'a paragraph'} of ${draft(d)}`,
    reopened: (d) => `${d.paragraph ?? 'A paragraph'} of ${draft(d)} was reopened${who(d) ? ` by ${who(d)}` : ''}`,
    version_saved: (d) => `${who(d)} saved the version "${d.versionName ?? ''}" of ${draft(d)}`,
    restored: (d) => `${who(d)} restored the version "${d.versionName ?? ''}" of ${draft(d)}`,
    silence_started: (d) => `${draft(d)} is under silence procedure until ${deadline(d)}`,
    silence_extended: (d) => `${who(d) || 'The owners'} extended the silence procedure on ${draft(d)} until ${deadline(d)}`,
    silence_broken: (d) => `${who(d)} broke silence on ${draft(d)}${d.excerpt ? `: "${d.excerpt}"` : ''}`,
    silence_ended: (d) => `The silence procedure on ${draft(d)} was withdrawn${who(d) ? ` by ${who(d)}` : ''}`,
    adopted: (d) => `${draft(d)} was adopted${d.versionName ? ` ("${d.versionName}")` : ''}`,
    invited: (d) => `${who(d) || 'Someone'} gave you access to ${draft(d)} as ${ROLES.en[d.role ?? ''] ?? d.role ?? ''}`,
    agreement_due: (d) => `An agreement ${d.responsible ?? ''} is responsible for is due on ${d.dueDate ?? ''}${d.excerpt ? `: "${d.excerpt}"` : ''}`,
    questionnaire_opened: (d) => `${who(d) || 'A secretariat'} asks your delegation to answer the questionnaire "${d.titleEn ?? d.title ?? ''}"${d.localDeadline ? ` by ${d.localDeadline} (${d.timeZone ?? 'UTC'})` : ''}`,
    questionnaire_reminder: (d) => `Reminder: your delegation has not yet submitted the questionnaire "${d.titleEn ?? d.title ?? ''}"${d.localDeadline ? ` (deadline: ${d.localDeadline} ${d.timeZone ?? 'UTC'})` : ''}`,
  },
}

export function notificationLine(kind: NotificationKind, data: NotificationData, lang: Language): string {
  return LINES[lang][kind](data).replace(/\s+/g, ' ').trim()
}

export const MAIL_WORDS: Record<Language, { digestSubject: (n: number) => string; open: string; settings: string; invitation: { subject: string; body: (delegation: string, url: string, expires: string) => string } }> = {
  es: {
    digestSubject: (n) => `Consenso: ${n} novedades`,
    open: 'Abrir',
    settings: 'Puede elegir qué avisos recibe por correo en Consenso, en la bandeja de avisos.',
    invitation: {
      subject: 'Invitación a Consenso',
      body: (delegation, url, expires) =>
        `Ha sido invitado a Consenso como miembro de la delegación ${delegation}.\n\nCree su cuenta en:\n${url}\n\nLa invitación vence el ${expires}.`,
    },
  },
  en: {
    digestSubject: (n) => `Consenso: ${n} updates`,
    open: 'Open',
    settings: 'You can choose which notices you receive by e-mail in Consenso, in the notifications inbox.',
    invitation: {
      subject: 'Invitation to Consenso',
      body: (delegation, url, expires) => `You have been invited to Consenso as a member of the ${delegation} delegation.\n\nCreate your account at:\n${url}\n\nThe invitation expires on ${expires}.`,
    },
  },
}

/** The invitation mail (NOTIFY-8, NOTIFY-23), in the asked language. */
export function invitationMail(to: string, lang: Language, delegation: string, url: string, expiresAt: string): { to: string; subject: string; text: string } {
  const words = MAIL_WORDS[lang].invitation
  return { to, subject: words.subject, text: words.body(delegation, url, expiresAt.slice(0, 10)) }
}
