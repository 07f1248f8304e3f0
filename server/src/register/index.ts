export { agreementsFromMinutes, parseDueDate, parseItem, type MinutesItem } from './minutes.ts'
export { agreementsCsv, registerCalendar, type CalendarOptions } from './exports.ts'
