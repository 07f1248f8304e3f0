export { notificationLine, invitationMail, MAIL_WORDS } from './wording.ts'
export { Notifier, type NotifyInput } from './notifier.ts'
export { Mailer, sendOnce, type OutgoingMail } from './mailer.ts'
