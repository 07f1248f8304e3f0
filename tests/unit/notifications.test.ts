/**
 * Notification wording and the silence clock (NOTIFY-4, SILENCE-1): every kind and stance has
 * its words in both languages, on the server (e-mails) and in the client (the inbox), and a
 * deadline in an IANA zone turns into the right UTC instant.
 */
import { describe, expect, it } from 'vitest'
import { NOTIFICATION_KINDS, STANCES, utcToZoned, zonedToUtc } from '@consenso/protocol'
import { notificationLine } from '@consenso/server/notify'
import en from '@consenso/client/i18n/en.json' with { type: 'json' }
import es from '@consenso/client/i18n/es.json' with { type: 'json' }

describe('wording', () => {
  it('[NOTIFY-4] every kind reads in Spanish and English, in the inbox and in e-mails', () => {
    for (const strings of [en, es]) {
      const n = strings.notifications as { kind: Record<string, string>; kindName: Record<string, string>; stance: Record<string, string> }
      for (const kind of NOTIFICATION_KINDS) {
        expect(n.kind[kind], kind).toBeTruthy()
        expect(n.kindName[kind], kind).toBeTruthy()
      }
      for (const stance of [...STANCES, 'withdrawn']) expect(n.stance[stance], stance).toBeTruthy()
    }
    const data = { title: 'Declaración', actorName: 'Lucía Hernández', actorDelegation: 'MEX', paragraph: 'OP2', stance: 'objection', excerpt: 'No' }
    for (const kind of NOTIFICATION_KINDS) {
      expect(notificationLine(kind, data, 'es')).not.toMatch(/undefined|\{\{/)
      expect(notificationLine(kind, data, 'en')).not.toMatch(/undefined|\{\{/)
      expect(notificationLine(kind, data, 'es')).not.toBe(notificationLine(kind, data, 'en'))
    }
  })
})

describe('deadlines in a time zone', () => {
  it('[SILENCE-1] a wall-clock deadline in an IANA zone is one UTC instant; a skipped hour is refused', () => {
    expect(zonedToUtc('2026-12-07T10:00', 'America/Panama')?.toISOString()).toBe('2026-12-07T15:00:00.000Z')
    expect(zonedToUtc('2026-12-07T10:00', 'America/Santiago')?.toISOString()).toBe('2026-12-07T13:00:00.000Z')
    expect(zonedToUtc('2026-07-07T10:00', 'America/Santiago')?.toISOString()).toBe('2026-07-07T14:00:00.000Z')
    expect(zonedToUtc('2026-12-07T10:00', 'UTC')?.toISOString()).toBe('2026-12-07T10:00:00.000Z')
    // Chile moves its clocks forward at 24:00 on the first Saturday of September: 00:30 does not exist.
    expect(zonedToUtc('2026-09-06T00:30', 'America/Santiago')).toBeNull()
    expect(utcToZoned(new Date('2026-12-07T15:00:00Z'), 'America/Mexico_City')).toBe('2026-12-07T09:00')
    expect(zonedToUtc('2026-13-07T10:00', 'UTC')).toBeNull()
  })
})
