export { notificationLine, MAIL_WORDS } from './wording.ts'
export { Notifier, type NotifyInput } from './notifier.ts'
export { Mailer, type OutgoingMail } from './mailer.ts'
