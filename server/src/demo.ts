/**
 * `pnpm consenso demo`: a small workspace a newcomer can try in a minute — the delegations
 * of the CRM–CSM ad-hoc group, a few focal points and secretariat staff with printed
 * passwords, a joint declaration, the minutes of a meeting, and the register with that meeting,
 * the next one and the agreements of the minutes. All wording is Consenso's own.
 */
import { randomBytes } from 'node:crypto'
import type { JSONContent } from '@tiptap/core'
import * as Y from 'yjs'
import { PARTIES_SETTING, REVIEW_SETTINGS_KEY, type Role } from '@consenso/protocol'
import { jsonToYUpdate, withBlockIds } from '@consenso/schema'
import type { Storage } from './storage/storage.ts'
import { newUserRecord } from './auth/accounts.ts'
import { agreementsFromMinutes } from './register/minutes.ts'

export interface DemoAccount {
  email: string
  name: string
  delegation: string
  admin: boolean
  password: string
}

const PEOPLE: Omit<DemoAccount, 'password'>[] = [
  { email: 'ana.perez@demo.consenso.org', name: 'Ana Pérez', delegation: 'CHL', admin: true },
  { email: 'carlos.mendez@demo.consenso.org', name: 'Carlos Méndez', delegation: 'PAN', admin: false },
  { email: 'lucia.torres@demo.consenso.org', name: 'Lucía Torres', delegation: 'MEX', admin: false },
  { email: 'martin.diaz@demo.consenso.org', name: 'Martín Díaz', delegation: 'ARG', admin: false },
  { email: 'sofia.ramirez@demo.consenso.org', name: 'Sofía Ramírez', delegation: 'ST-CRM', admin: false },
  { email: 'tomas.herrera@demo.consenso.org', name: 'Tomás Herrera', delegation: 'ST-CSM', admin: false },
  { email: 'grace.miller@demo.consenso.org', name: 'Grace Miller', delegation: 'OIM', admin: false },
]

const text = (value: string): JSONContent[] => (value ? [{ type: 'text', text: value }] : [])
const h = (level: number, value: string): JSONContent => ({ type: 'heading', attrs: { level }, content: text(value) })
const p = (value: string, kind: 'preamble' | 'operative' | null = null): JSONContent => ({ type: 'paragraph', attrs: { kind }, content: text(value) })
const list = (type: 'bulletList' | 'orderedList', items: string[]): JSONContent => ({
  type,
  content: items.map((item) => ({ type: 'listItem', content: [p(item)] })),
})

/** A calendar day `days` from today (UTC), so the demo always has one overdue agreement. */
function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
}

const DECLARATION: JSONContent = {
  type: 'doc',
  content: [
    h(1, 'Declaración conjunta CRM–CSM: insumos para el Pacto Mundial'),
    h(2, 'Preámbulo'),
    p('Conscientes de que la migración en las Américas atraviesa fronteras y conferencias, y de que ninguna respuesta nacional basta por sí sola,', 'preamble'),
    p('Reconociendo el trabajo realizado por las troikas de ambas conferencias y por sus Secretarías Técnicas durante el proceso preparatorio,', 'preamble'),
    p('Reafirmando el respeto de los derechos humanos de todas las personas migrantes, independientemente de su condición migratoria,', 'preamble'),
    h(2, 'Parte dispositiva'),
    p('Acordamos presentar un documento de insumos bi-regional antes de la próxima sesión de consultas del Pacto Mundial;', 'operative'),
    p('Pedimos a los puntos focales que envíen sus buenas prácticas en protección consular y regularización en el formato común;', 'operative'),
    p('Encargamos a las Secretarías Técnicas consolidar el glosario de términos comunes y circularlo para comentarios;', 'operative'),
    p('Invitamos a la OIM a acompañar el proceso en calidad de observadora y asesora técnica.', 'operative'),
  ],
}

const MINUTES_TITLE = 'Minuta de la videoconferencia del grupo ad hoc CRM–CSM'

const MINUTES: JSONContent = {
  type: 'doc',
  content: [
    h(1, 'Minuta de la videoconferencia del grupo ad hoc CRM–CSM'),
    h(2, 'Participantes'),
    list('bulletList', ['Chile y Panamá (coordinación del grupo ad hoc)', 'Secretaría Técnica de la CRM', 'Secretaría Técnica de la CSM', 'OIM, en calidad de observadora']),
    h(2, 'Agenda'),
    list('orderedList', ['Estado del borrador de declaración conjunta', 'Compilación de buenas prácticas', 'Calendario de trabajo']),
    h(2, 'Desarrollo'),
    p('Las delegaciones revisaron el borrador cero y coincidieron en mantener un texto breve, con párrafos dispositivos que puedan citarse por número.'),
    p('La Secretaría Técnica de la CSM presentó una propuesta de formato común para las buenas prácticas.'),
    h(2, 'Acuerdos'),
    // "Responsables — acción — fecha", as the register reads them (server/src/register/minutes.ts).
    list('orderedList', [
      `CHL, PAN, MEX, ARG — Enviar comentarios al borrador cero — ${dayFromToday(-3)}`,
      `ST-CRM, ST-CSM — Circular el formato común de buenas prácticas — ${dayFromToday(7)}`,
      'CHL, PAN — Proponer fecha para la próxima videoconferencia',
    ]),
  ],
}

interface DemoDraft {
  title: string
  template: 'declaration' | 'minutes'
  content: JSONContent
  owner: string
  members: { delegation: string; role: Role }[]
  /** The negotiating parties (the review document's `settings.parties`). */
  parties?: string[]
}

const DRAFTS: DemoDraft[] = [
  {
    title: 'Declaración conjunta CRM–CSM: insumos para el Pacto Mundial',
    template: 'declaration',
    content: DECLARATION,
    owner: 'ana.perez@demo.consenso.org',
    parties: ['CHL', 'PAN', 'MEX', 'ARG'],
    members: [
      { delegation: 'CHL', role: 'editor' },
      { delegation: 'PAN', role: 'editor' },
      { delegation: 'MEX', role: 'editor' },
      { delegation: 'ARG', role: 'editor' },
      { delegation: 'ST-CRM', role: 'commenter' },
      { delegation: 'ST-CSM', role: 'commenter' },
      { delegation: 'OIM', role: 'viewer' },
    ],
  },
  {
    title: MINUTES_TITLE,
    template: 'minutes',
    content: MINUTES,
    owner: 'sofia.ramirez@demo.consenso.org',
    members: [
      { delegation: 'ST-CSM', role: 'editor' },
      { delegation: 'CHL', role: 'commenter' },
      { delegation: 'PAN', role: 'commenter' },
      { delegation: 'OIM', role: 'viewer' },
    ],
  },
]

export class DemoRefusedError extends Error {}

/** Loads the demo into an instance with no accounts; returns the accounts with their passwords. */
export async function loadDemo(storage: Storage): Promise<DemoAccount[]> {
  if ((await storage.accounts.countUsers()) > 0) {
    throw new DemoRefusedError('this data folder already has accounts; load the demo into an empty DATA_DIR')
  }
  const accounts: DemoAccount[] = PEOPLE.map((person) => ({ ...person, password: randomBytes(9).toString('base64url') }))
  const ids = new Map<string, string>()
  for (const account of accounts) {
    const user = await newUserRecord(account)
    await storage.accounts.createUser(user)
    ids.set(account.email, user.id)
  }
  for (const draft of DRAFTS) {
    const id = randomBytes(12).toString('base64url')
    const now = new Date().toISOString()
    const content = withBlockIds(draft.content)
    const owner = ids.get(draft.owner)!
    await storage.createDocument({ id, title: draft.title, template: draft.template, createdBy: owner, createdAt: now, updatedAt: now }, jsonToYUpdate(content))
    for (const member of draft.members) {
      await storage.members.setMember({ documentId: id, principalType: 'delegation', principalId: member.delegation, role: member.role })
    }
    if (draft.parties) {
      const meta = new Y.Doc()
      meta.getMap(REVIEW_SETTINGS_KEY).set(PARTIES_SETTING, draft.parties)
      await storage.appendUpdates([{ key: { documentId: id, name: 'meta' }, update: Y.encodeStateAsUpdate(meta) }], new Date())
      meta.destroy()
    }
    if (draft.template === 'minutes') await loadRegister(storage, id, content, owner)
  }
  await storage.audit.appendAudit({
    at: new Date().toISOString(),
    action: 'user.created',
    actorId: null,
    actorDelegation: null,
    documentId: null,
    target: null,
    ip: null,
    details: { via: 'cli', demo: true, accounts: accounts.length },
  })
  return accounts
}

/**
 * The register as the minutes' secretariat would leave it: the meeting of those minutes (three
 * days ago), the next one, and the minutes' agreements sent to the register.
 */
async function loadRegister(storage: Storage, minutesId: string, content: JSONContent, by: string): Promise<void> {
  const now = new Date().toISOString()
  const stamp = { createdBy: by, createdAt: now, updatedBy: by, updatedAt: now }
  const meetingId = randomBytes(12).toString('base64url')
  const participants = ['CHL', 'PAN', 'MEX', 'ARG', 'ST-CRM', 'ST-CSM', 'OIM']
  await storage.register.createMeeting({ id: meetingId, title: MINUTES_TITLE, startsOn: dayFromToday(-10), endsOn: null, startTime: '10:00', endTime: '12:00', timeZone: 'America/Panama', place: 'Videoconferencia', delegations: participants, minutesDocumentId: minutesId, ...stamp })
  await storage.register.createMeeting({
    id: randomBytes(12).toString('base64url'),
    title: 'Reunión presencial del grupo ad hoc CRM–CSM',
    startsOn: dayFromToday(21),
    endsOn: dayFromToday(22),
    startTime: null,
    endTime: null,
    timeZone: null,
    place: 'Ciudad de Panamá',
    delegations: participants,
    minutesDocumentId: null,
    ...stamp,
  })
  const known = new Set((await storage.delegations.listDelegations()).map((d) => d.code))
  const items = agreementsFromMinutes(content, known) ?? []
  await storage.register.createLinkedAgreements(
    items.map((item) => ({
      id: randomBytes(12).toString('base64url'),
      text: item.text,
      responsible: item.responsible,
      dueDate: item.dueDate,
      status: 'pending',
      meetingId,
      documentId: minutesId,
      blockId: item.blockId,
      ...stamp,
    })),
  )
}
