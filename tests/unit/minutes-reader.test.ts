/**
 * The reader of agreements (server/src/minutes-reader), behind [MINUTES-*]: over real
 * sentences in Spanish and English — the six-plus-two "Acuerdos" of the 11 May 2017 CRM–CSM
 * minute first (shared/reference) — exactly which delegations are responsible, which dates
 * and vague times are read (against the meeting's day, 2017-05-11), and which meeting is
 * proposed for the calendar.
 */
import { describe, expect, it } from 'vitest'
import { DELEGATIONS, PARTY_GROUPS } from '@consenso/protocol'
import { cleanItem, readAgreement, readerContext, readMinutesMeeting } from '@consenso/server/minutes-reader'
import { MINUTE_2017_MEETING } from '../helpers/records.ts'

const MEETING_DAY = '2017-05-11'
const context = readerContext({ delegations: DELEGATIONS, groups: PARTY_GROUPS, aliases: [] }, MEETING_DAY)
const members = (id: string): string[] => [...PARTY_GROUPS.find((g) => g.id === id)!.members]

interface Expected {
  text: string
  responsible: string[]
  /** [first day, last day or null] of each date read, in order. */
  dates?: [string, string | null][]
  vague?: string[]
  dueDate?: string | null
  unresolved?: string[]
  meeting?: { title: string; startsOn: string | null; endsOn?: string | null; place: string; delegations: string[]; when?: string | null } | null
}

const CASES: Expected[] = [
  // The minute's "Acuerdos", as imported (the Word bullet "o" pasted before each).
  {
    text: 'o La CRM estará enviando a la CSM el documento de cuestionario elaborada para recabar insumos para la construcción del PMM y el documento de buenas prácticas trabajado en el marco de la CRM para el PMM.',
    responsible: [],
  },
  {
    text: 'o Se intercambiarán datos de contacto de puntos focal de CRM y CSM entre Secretarías Técnicas para el Grupo Ad-Hoc para la elaboración de insumos al PMM.',
    responsible: ['ST-CRM', 'ST-CSM'],
  },
  {
    text: 'o Se realizará reunión en cancillería de Panamá el 8 de junio entre Panamá y Chile a efectos ir desarrollando una propuesta de insumos de Latinoamérica y Norteamérica',
    responsible: ['PAN', 'CHL'],
    dates: [['2017-06-08', null]],
    dueDate: '2017-06-08',
    meeting: { title: 'Reunión Panamá–Chile', startsOn: '2017-06-08', place: 'Cancillería de Panamá', delegations: ['PAN', 'CHL'] },
  },
  {
    text: 'o Se organizará reunión previa al Foro Mundial a realizarse en Berlín a efectos de dar seguimiento a la construcción de insumos para el PMM',
    responsible: [],
    vague: ['previa al Foro Mundial'],
    meeting: { title: 'Reunión — Berlín', startsOn: null, place: 'Berlín', delegations: [], when: 'previa al Foro Mundial' },
  },
  {
    text: 'o Se decidió organizar la reunión anual de troikas antes de la reunión de consulta regional en CEPAL en la cancillería de Chile, el 30 y 31 de Agosto.',
    responsible: ['CHL'],
    dates: [['2017-08-30', '2017-08-31']],
    dueDate: '2017-08-31',
    meeting: { title: 'Reunión anual de troikas', startsOn: '2017-08-30', endsOn: '2017-08-31', place: 'Cancillería de Chile', delegations: ['CHL'] },
  },
  {
    text: 'o Reunión de troikas CSM-CRM por lo menos cada año',
    responsible: [],
    vague: ['por lo menos cada año'],
    meeting: { title: 'Reunión de troikas CSM-CRM', startsOn: null, place: '', delegations: [], when: 'por lo menos cada año' },
  },
  {
    text: 'o Las STs en coordinación con OIM trabajaran cronograma actualizada de reuniones en el marco de la construcción del PMM',
    responsible: ['ST-CRM', 'ST-CSM', 'OIM'],
  },
  {
    text: 'o Trabajar en coordinación con el Grupo Ad-Hoc, construir portal de información y aprovechar reuniones concertadas para reunirse entre CSM y CRM.',
    responsible: ['CHL', 'PAN'],
  },
  // More Spanish, as secretariats write it.
  { text: 'Chile enviará a la ST CSM la propuesta de glosario antes del 15 de junio.', responsible: ['CHL'], dates: [['2017-06-15', null]], dueDate: '2017-06-15' },
  { text: 'Panamá circulará el borrador revisado a más tardar el 30 de septiembre.', responsible: ['PAN'], dates: [['2017-09-30', null]], dueDate: '2017-09-30' },
  {
    text: 'La Presidencia Pro Tempore convocará una videoconferencia el 20 de julio.',
    responsible: [],
    unresolved: ['Presidencia Pro Tempore'],
    dates: [['2017-07-20', null]],
    dueDate: '2017-07-20',
    meeting: { title: 'Videoconferencia', startsOn: '2017-07-20', place: '', delegations: [] },
  },
  { text: 'Los países de la CSM remitirán sus insumos a las STs a finales de agosto.', responsible: members('csm'), vague: ['a finales de agosto'] },
  { text: 'Ambas Secretarías Técnicas prepararán el informe para el 15/06/2017.', responsible: ['ST-CRM', 'ST-CSM'], dates: [['2017-06-15', null]], dueDate: '2017-06-15' },
  { text: 'México compartirá su informe sobre buenas prácticas en la primera semana de diciembre.', responsible: ['MEX'], vague: ['la primera semana de diciembre'] },
  {
    text: 'Se realizará una reunión del Grupo Ad-Hoc en Ciudad de Panamá del 3 al 5 de julio.',
    responsible: ['CHL', 'PAN'],
    dates: [['2017-07-03', '2017-07-05']],
    dueDate: '2017-07-05',
    meeting: { title: 'Reunión del Grupo Ad-Hoc', startsOn: '2017-07-03', endsOn: '2017-07-05', place: 'Ciudad de Panamá', delegations: ['CHL', 'PAN'] },
  },
  { text: 'OIM apoyará a la CRM en la organización de la consulta regional.', responsible: ['OIM'] },
  { text: 'Costa Rica organizará con OIM una consulta subregional en el segundo semestre.', responsible: ['CRI'], vague: ['el segundo semestre'] },
  { text: 'Paraguay y Uruguay presentarán sus comentarios el 12 de junio de 2017.', responsible: ['PRY', 'URY'], dates: [['2017-06-12', null]], dueDate: '2017-06-12' },
  { text: 'La delegación chilena coordinará la elaboración del glosario.', responsible: ['CHL'] },
  {
    text: 'Se celebrará una reunión extraordinaria en la sede de la OIM en San José el 14 y 15 de septiembre.',
    responsible: ['OIM'],
    dates: [['2017-09-14', '2017-09-15']],
    dueDate: '2017-09-15',
    meeting: { title: 'Reunión extraordinaria', startsOn: '2017-09-14', endsOn: '2017-09-15', place: 'Sede de la OIM', delegations: ['OIM'] },
  },
  { text: 'Guatemala y Honduras informarán sobre sus avances antes de la próxima reunión.', responsible: ['GTM', 'HND'] },
  { text: 'Estados Unidos y Canadá compartirán sus documentos con la ST CRM a la brevedad.', responsible: ['USA', 'CAN'], vague: ['a la brevedad'] },
  {
    text: 'Se organizará un taller sobre refugio en Asunción el 5 de octubre.',
    responsible: [],
    dates: [['2017-10-05', null]],
    dueDate: '2017-10-05',
    meeting: { title: 'Taller sobre refugio', startsOn: '2017-10-05', place: 'Asunción', delegations: [] },
  },
  {
    text: 'Brasil y Argentina se reunirán en Buenos Aires el 2 de agosto.',
    responsible: ['BRA', 'ARG'],
    dates: [['2017-08-02', null]],
    dueDate: '2017-08-02',
    meeting: { title: 'Reunión Brasil–Argentina', startsOn: '2017-08-02', place: 'Buenos Aires', delegations: ['BRA', 'ARG'] },
  },
  { text: 'Perú presentará el documento en la reunión de Lima del 10 de noviembre.', responsible: ['PER'], dates: [['2017-11-10', null]], dueDate: '2017-11-10' },
  { text: 'El Salvador entregará el informe el 1 de marzo.', responsible: ['SLV'], dates: [['2018-03-01', null]], dueDate: '2018-03-01' },
  { text: 'Belice y Nicaragua harán llegar sus comentarios en el corto plazo.', responsible: ['BLZ', 'NIC'], vague: ['en el corto plazo'] },
  {
    text: 'Se propone realizar una reunión un día antes del Foro Mundial en Berlín.',
    responsible: [],
    vague: ['antes del Foro Mundial'],
    meeting: { title: 'Reunión — Berlín', startsOn: null, place: 'Berlín', delegations: [], when: 'antes del Foro Mundial' },
  },
  // From the minute's own discussion, before its agreements.
  {
    text: 'Chile propone que a finales de agosto se reúnan las troikas el 30 y 31 de agosto en Chile.',
    responsible: ['CHL'],
    dates: [['2017-08-30', '2017-08-31']],
    vague: ['a finales de agosto'],
    dueDate: '2017-08-31',
    meeting: { title: 'Reunión Chile', startsOn: '2017-08-30', endsOn: '2017-08-31', place: 'Chile', delegations: ['CHL'] },
  },
  {
    text: 'Panamá acepta la propuesta de Chile de mantener una reunión antes del Parlatino el día 8 de junio en Cancillería de Panamá y propone a ambas Secretarías realizar un calendario actualizado de las reuniones relativas al PMM.',
    responsible: ['PAN', 'CHL'],
    dates: [['2017-06-08', null]],
    vague: ['antes del Parlatino'],
    dueDate: '2017-06-08',
    meeting: { title: 'Reunión Panamá–Chile', startsOn: '2017-06-08', place: 'Cancillería de Panamá', delegations: ['PAN', 'CHL'] },
  },
  // The template's own form keeps working.
  { text: 'PAN, CHL — Circular el borrador revisado — 2017-06-15', responsible: ['PAN', 'CHL'], dates: [['2017-06-15', null]], dueDate: '2017-06-15' },
  { text: 'ST-CRM — Consolidar los insumos de ambas Conferencias — 15/07/2017', responsible: ['ST-CRM'], dates: [['2017-07-15', null]], dueDate: '2017-07-15' },
  // English.
  { text: 'Panama will circulate the draft by 15 December.', responsible: ['PAN'], dates: [['2017-12-15', null]], dueDate: '2017-12-15' },
  {
    text: 'The ad hoc group will hold a meeting in Santiago from 3 to 5 July.',
    responsible: ['CHL', 'PAN'],
    dates: [['2017-07-03', '2017-07-05']],
    dueDate: '2017-07-05',
    meeting: { title: 'Meeting Chile–Panama', startsOn: '2017-07-03', endsOn: '2017-07-05', place: 'Santiago', delegations: ['CHL', 'PAN'] },
  },
  { text: 'Chile and Mexico will report by the end of August.', responsible: ['CHL', 'MEX'], vague: ['by the end of August'] },
  { text: 'The Technical Secretariats will update the calendar of meetings before the Global Forum.', responsible: ['ST-CRM', 'ST-CSM'], vague: ['before the Global Forum'] },
  { text: 'IOM will send its proposal to the CRM Technical Secretariat on 20 June.', responsible: ['OIM'], dates: [['2017-06-20', null]], dueDate: '2017-06-20' },
  {
    text: 'The Pro Tempore Presidency will convene a videoconference on 8 June.',
    responsible: [],
    unresolved: ['Pro Tempore Presidency'],
    dates: [['2017-06-08', null]],
    dueDate: '2017-06-08',
    meeting: { title: 'Videoconference', startsOn: '2017-06-08', place: '', delegations: [] },
  },
  {
    text: 'CSM member countries will send their inputs to both Technical Secretariats by 30 September 2017.',
    responsible: members('csm'),
    dates: [['2017-09-30', null]],
    dueDate: '2017-09-30',
  },
  {
    text: 'Costa Rica, in coordination with IOM, will organise a consultation in San José in the second half of the year.',
    responsible: ['CRI', 'OIM'],
    vague: ['the second half of the year'],
  },
  {
    text: 'The Dominican Republic and Ecuador will hold a workshop on 1 and 2 October in Quito.',
    responsible: ['DOM', 'ECU'],
    dates: [['2017-10-01', '2017-10-02']],
    dueDate: '2017-10-02',
    meeting: { title: 'Workshop Dominican Republic–Ecuador', startsOn: '2017-10-01', endsOn: '2017-10-02', place: 'Quito', delegations: ['DOM', 'ECU'] },
  },
  {
    text: 'Colombia will host a meeting of the troikas on June 8-9 in Bogotá.',
    responsible: ['COL'],
    dates: [['2017-06-08', '2017-06-09']],
    dueDate: '2017-06-09',
    meeting: { title: 'Meeting of the troikas', startsOn: '2017-06-08', endsOn: '2017-06-09', place: 'Bogotá', delegations: ['COL'] },
  },
  { text: 'Uruguay will send comments as soon as possible.', responsible: ['URY'], vague: ['as soon as possible'] },
  { text: 'The CRM Technical Secretariat will circulate the minutes by 31 May.', responsible: ['ST-CRM'], dates: [['2017-05-31', null]], dueDate: '2017-05-31' },
  {
    text: 'Venezuela and Bolivia will meet in La Paz on 4 September.',
    responsible: ['VEN', 'BOL'],
    dates: [['2017-09-04', null]],
    dueDate: '2017-09-04',
    meeting: { title: 'Meeting Venezuela–Bolivia', startsOn: '2017-09-04', place: 'La Paz', delegations: ['VEN', 'BOL'] },
  },
  {
    text: 'Meeting of the ad hoc group at least once a year.',
    responsible: ['CHL', 'PAN'],
    vague: ['at least once a year'],
    meeting: { title: 'Meeting of the ad hoc group', startsOn: null, place: '', delegations: ['CHL', 'PAN'], when: 'at least once a year' },
  },
  { text: 'Argentina will present the glossary on 2 February 2018.', responsible: ['ARG'], dates: [['2018-02-02', null]], dueDate: '2018-02-02' },
  { text: 'The Chilean delegation will share the list of basic elements with the Secretariats.', responsible: ['CHL'] },
]

describe('[MINUTES-1] the reader of agreements', () => {
  it(`reads at least 40 sentences (${CASES.length})`, () => expect(CASES.length).toBeGreaterThanOrEqual(40))

  it.each(CASES.map((c) => [c.text.slice(0, 70), c] as const))('[MINUTES-1] [MINUTES-3] [MINUTES-5] [MINUTES-10] [MINUTES-11] [MINUTES-20] %s', (_name, expected) => {
    const read = readAgreement(expected.text, context)
    expect(read.responsible).toEqual(expected.responsible)
    expect(read.dates.map((d) => [d.start, d.end])).toEqual(expected.dates ?? [])
    expect(read.vague).toEqual(expected.vague ?? [])
    expect(read.dueDate).toBe(expected.dueDate ?? null)
    expect(read.unresolved).toEqual(expected.unresolved ?? [])
    if (!expected.meeting) expect(read.meeting).toBeNull()
    else expect(read.meeting).toEqual({ endsOn: null, when: null, ...expected.meeting })
  })

  it('[MINUTES-2] leaves the pasted Word bullet out of the text and keeps the item as written', () => {
    const source = 'o Se realizará reunión en cancillería de Panamá el 8 de junio entre Panamá y Chile'
    expect(cleanItem(source)).toBe('Se realizará reunión en cancillería de Panamá el 8 de junio entre Panamá y Chile')
    const read = readAgreement(source, context)
    expect(read.source).toBe(source)
    expect(read.text).toBe(cleanItem(source))
    // A sentence that starts with the word "o" is not a bullet.
    expect(cleanItem('o bien Chile o bien Panamá')).toBe('o bien Chile o bien Panamá')
  })

  it('[MINUTES-4] an administrator\'s alias resolves a role, and names the mention', () => {
    const withAlias = readerContext({ delegations: DELEGATIONS, groups: PARTY_GROUPS, aliases: [{ code: 'CHL', alias: 'Presidencia Pro Tempore' }, { code: 'ST-CRM', alias: 'la CRM' }] }, MEETING_DAY)
    const ppt = readAgreement('La Presidencia Pro Tempore convocará una videoconferencia el 20 de julio.', withAlias)
    expect(ppt.responsible).toEqual(['CHL'])
    expect(ppt.unresolved).toEqual([])
    expect(ppt.mentions).toEqual([{ text: 'Presidencia Pro Tempore', codes: ['CHL'], groupId: null }])
    // An alias is matched without regard to case or accents.
    expect(readAgreement('LA CRM estará enviando a la CSM el cuestionario.', withAlias).responsible).toEqual(['ST-CRM'])
    // An alias of a delegation the instance does not know is ignored.
    const stale = readerContext({ delegations: DELEGATIONS, groups: PARTY_GROUPS, aliases: [{ code: 'XXX', alias: 'Presidencia Pro Tempore' }] }, MEETING_DAY)
    expect(readAgreement('La Presidencia Pro Tempore convocará una videoconferencia.', stale).responsible).toEqual([])
  })

  it('[MINUTES-3] names a group it read, with its members', () => {
    const read = readAgreement('Los países de la CSM remitirán sus insumos a las STs.', context)
    expect(read.mentions.map((m) => [m.text, m.groupId])).toEqual([
      ['Los países de la CSM', 'csm'],
      ['STs', null],
    ])
    expect(read.mentions[0]!.codes).toEqual(members('csm'))
  })

  it('[MINUTES-10] resolves days against the meeting\'s own date, forward', () => {
    const later = readerContext({ delegations: DELEGATIONS, groups: PARTY_GROUPS, aliases: [] }, '2017-09-01')
    // The same words a few months later mean the next 8 June.
    expect(readAgreement('Se realizará reunión en Panamá el 8 de junio.', later).dueDate).toBe('2018-06-08')
    expect(readAgreement('Chile propone reunirse el 30 y 31 de agosto.', later).dates).toEqual([{ text: '30 y 31 de agosto', start: '2018-08-30', end: '2018-08-31' }])
    // A range that does not exist is no date.
    expect(readAgreement('Se realizará reunión el 30 y 31 de febrero.', context).dates).toEqual([])
  })

  it('[MINUTES-25] reads the minutes\' own meeting from their title and participants', () => {
    const lines = [
      'Minuta Reunión Virtual para discusión sobre consultas temáticas del Pacto Mundial CRM- CSM',
      '11 de mayo de 2017',
      'Participantes:',
      'Canadá, Chile, Costa Rica, El Salvador, Estados Unidos, Guatemala, Honduras, México, Panamá, Paraguay, Uruguay, ST CRM, ST CSM',
    ]
    expect(readMinutesMeeting(lines, context, '2026-12-07')).toEqual({
      date: '2017-05-11',
      meeting: MINUTE_2017_MEETING,
    })
    expect(readMinutesMeeting(['Minutes of the ad hoc group videoconference, 3 March 2026'], context, '2026-12-07')?.meeting).toMatchObject({
      title: 'Ad hoc group videoconference, 3 March 2026',
      startsOn: '2026-03-03',
      place: 'Online',
    })
    expect(readMinutesMeeting(['Minuta de la videoconferencia del grupo ad hoc, 3 de marzo de 2026'], context, '2026-12-07')?.meeting.title).toBe('Videoconferencia del grupo ad hoc, 3 de marzo de 2026')
    expect(readMinutesMeeting(['Minuta sin fecha', 'Participantes: Chile'], context, '2026-12-07')).toBeNull()
  })
})
