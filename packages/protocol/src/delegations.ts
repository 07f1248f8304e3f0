/**
 * The built-in delegations: the members of the Regional Conference on
 * Migration (CRM) and the South American Conference on Migration (CSM), their technical
 * secretariats and IOM. Storage is seeded with this list (SQLite migration 2); more are added
 * with `pnpm consenso delegation add` or the admin API, so read delegations from storage.
 */
export const DELEGATION_KINDS = ['country', 'secretariat', 'organisation'] as const
export type DelegationKind = (typeof DELEGATION_KINDS)[number]
export type Conference = 'CRM' | 'CSM' | null

export interface Delegation {
  code: string
  nameEs: string
  nameEn: string
  kind: DelegationKind
  conference: Conference
  color: string
}

export const DELEGATIONS: readonly Delegation[] = [
  { code: 'BLZ', nameEs: 'Belice', nameEn: 'Belize', kind: 'country', conference: 'CRM', color: '#456f50' },
  { code: 'CAN', nameEs: 'Canadá', nameEn: 'Canada', kind: 'country', conference: 'CRM', color: '#b33d3b' },
  { code: 'CRI', nameEs: 'Costa Rica', nameEn: 'Costa Rica', kind: 'country', conference: 'CRM', color: '#0c3b70' },
  { code: 'SLV', nameEs: 'El Salvador', nameEn: 'El Salvador', kind: 'country', conference: 'CRM', color: '#433d63' },
  { code: 'USA', nameEs: 'Estados Unidos', nameEn: 'United States', kind: 'country', conference: 'CRM', color: '#6d2c81' },
  { code: 'GTM', nameEs: 'Guatemala', nameEn: 'Guatemala', kind: 'country', conference: 'CRM', color: '#01745b' },
  { code: 'HND', nameEs: 'Honduras', nameEn: 'Honduras', kind: 'country', conference: 'CRM', color: '#745a92' },
  { code: 'MEX', nameEs: 'México', nameEn: 'Mexico', kind: 'country', conference: 'CRM', color: '#1a743e' },
  { code: 'NIC', nameEs: 'Nicaragua', nameEn: 'Nicaragua', kind: 'country', conference: 'CRM', color: '#197173' },
  { code: 'PAN', nameEs: 'Panamá', nameEn: 'Panama', kind: 'country', conference: 'CRM', color: '#364c94' },
  { code: 'DOM', nameEs: 'República Dominicana', nameEn: 'Dominican Republic', kind: 'country', conference: 'CRM', color: '#a64a1f' },
  { code: 'ARG', nameEs: 'Argentina', nameEn: 'Argentina', kind: 'country', conference: 'CSM', color: '#256d89' },
  { code: 'BOL', nameEs: 'Bolivia', nameEn: 'Bolivia', kind: 'country', conference: 'CSM', color: '#8d5b1c' },
  { code: 'BRA', nameEs: 'Brasil', nameEn: 'Brazil', kind: 'country', conference: 'CSM', color: '#036617' },
  { code: 'CHL', nameEs: 'Chile', nameEn: 'Chile', kind: 'country', conference: 'CSM', color: '#b73922' },
  { code: 'COL', nameEs: 'Colombia', nameEn: 'Colombia', kind: 'country', conference: 'CSM', color: '#796413' },
  { code: 'ECU', nameEs: 'Ecuador', nameEn: 'Ecuador', kind: 'country', conference: 'CSM', color: '#743906' },
  { code: 'GUY', nameEs: 'Guyana', nameEn: 'Guyana', kind: 'country', conference: 'CSM', color: '#125342' },
  { code: 'PRY', nameEs: 'Paraguay', nameEn: 'Paraguay', kind: 'country', conference: 'CSM', color: '#73191c' },
  { code: 'PER', nameEs: 'Perú', nameEn: 'Peru', kind: 'country', conference: 'CSM', color: '#8a2413' },
  { code: 'SUR', nameEs: 'Surinam', nameEn: 'Suriname', kind: 'country', conference: 'CSM', color: '#13542c' },
  { code: 'URY', nameEs: 'Uruguay', nameEn: 'Uruguay', kind: 'country', conference: 'CSM', color: '#5e638c' },
  { code: 'VEN', nameEs: 'Venezuela', nameEn: 'Venezuela', kind: 'country', conference: 'CSM', color: '#93563a' },
  { code: 'ST-CRM', nameEs: 'Secretaría Técnica de la CRM', nameEn: 'CRM Technical Secretariat', kind: 'secretariat', conference: 'CRM', color: '#194d6f' },
  { code: 'ST-CSM', nameEs: 'Secretaría Técnica de la CSM', nameEn: 'CSM Technical Secretariat', kind: 'secretariat', conference: 'CSM', color: '#4b2556' },
  { code: 'OIM', nameEs: 'Organización Internacional para las Migraciones', nameEn: 'International Organization for Migration', kind: 'organisation', conference: null, color: '#266197' },
]

/**
 * The colours the built-in delegations had before migration 8 (SQLite and Postgres), which
 * replaces each one still unchanged by the colour above: CHL's and PAN's were nearly the same
 * red, and several were too light for suggested text on white (UI-LAYOUT-2).
 */
export const PREVIOUS_DELEGATION_COLORS: Readonly<Record<string, string>> = {
  'BLZ': '#2f7d6d',
  'CAN': '#c0392b',
  'CRI': '#1f5fa8',
  'SLV': '#2874a6',
  'USA': '#6c3483',
  'GTM': '#148f77',
  'HND': '#2e86c1',
  'MEX': '#1e8449',
  'NIC': '#5d6d7e',
  'PAN': '#b03a2e',
  'DOM': '#a04000',
  'ARG': '#3498db',
  'BOL': '#b7950b',
  'BRA': '#239b56',
  'CHL': '#cb4335',
  'COL': '#d4ac0d',
  'ECU': '#ca6f1e',
  'GUY': '#117a65',
  'PRY': '#922b21',
  'PER': '#a93226',
  'SUR': '#196f3d',
  'URY': '#5dade2',
  'VEN': '#af601a',
  'ST-CRM': '#34495e',
  'ST-CSM': '#4a235a',
  'OIM': '#0b5394',
}

export function findDelegation(code: string): Delegation | undefined {
  return DELEGATIONS.find((d) => d.code === code)
}

/** A group of delegations added to a draft's parties in one step. */
export interface PartyGroup {
  id: string
  nameEs: string
  nameEn: string
  members: readonly string[]
}

const membersOf = (conference: Conference): string[] => DELEGATIONS.filter((d) => d.kind === 'country' && d.conference === conference).map((d) => d.code)

/**
 * The built-in groups: the member countries of each conference and the ad hoc group of the
 * two (Chile and Panamá). Troikas change with each presidency, so they are not built in.
 */
export const PARTY_GROUPS: readonly PartyGroup[] = [
  { id: 'crm', nameEs: 'Miembros de la CRM', nameEn: 'CRM members', members: membersOf('CRM') },
  { id: 'csm', nameEs: 'Miembros de la CSM', nameEn: 'CSM members', members: membersOf('CSM') },
  { id: 'ad-hoc', nameEs: 'Grupo ad hoc CRM–CSM (Chile y Panamá)', nameEn: 'CRM–CSM ad hoc group (Chile and Panama)', members: ['CHL', 'PAN'] },
]

