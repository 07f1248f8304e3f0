/**
 * The built-in delegations: the members of the Regional Conference on
 * Migration (CRM) and the South American Conference on Migration (CSM), their technical
 * secretariats and IOM. Storage is seeded with this list (SQLite migration 2); more are added
 * with `pnpm consenso delegation add` or the admin API, so read delegations from storage.
 */
export type DelegationKind = 'country' | 'secretariat' | 'organisation'
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
  { code: 'BLZ', nameEs: 'Belice', nameEn: 'Belize', kind: 'country', conference: 'CRM', color: '#2f7d6d' },
  { code: 'CAN', nameEs: 'Canadá', nameEn: 'Canada', kind: 'country', conference: 'CRM', color: '#c0392b' },
  { code: 'CRI', nameEs: 'Costa Rica', nameEn: 'Costa Rica', kind: 'country', conference: 'CRM', color: '#1f5fa8' },
  { code: 'SLV', nameEs: 'El Salvador', nameEn: 'El Salvador', kind: 'country', conference: 'CRM', color: '#2874a6' },
  { code: 'USA', nameEs: 'Estados Unidos', nameEn: 'United States', kind: 'country', conference: 'CRM', color: '#6c3483' },
  { code: 'GTM', nameEs: 'Guatemala', nameEn: 'Guatemala', kind: 'country', conference: 'CRM', color: '#148f77' },
  { code: 'HND', nameEs: 'Honduras', nameEn: 'Honduras', kind: 'country', conference: 'CRM', color: '#2e86c1' },
  { code: 'MEX', nameEs: 'México', nameEn: 'Mexico', kind: 'country', conference: 'CRM', color: '#1e8449' },
  { code: 'NIC', nameEs: 'Nicaragua', nameEn: 'Nicaragua', kind: 'country', conference: 'CRM', color: '#5d6d7e' },
  { code: 'PAN', nameEs: 'Panamá', nameEn: 'Panama', kind: 'country', conference: 'CRM', color: '#b03a2e' },
  { code: 'DOM', nameEs: 'República Dominicana', nameEn: 'Dominican Republic', kind: 'country', conference: 'CRM', color: '#a04000' },
  { code: 'ARG', nameEs: 'Argentina', nameEn: 'Argentina', kind: 'country', conference: 'CSM', color: '#3498db' },
  { code: 'BOL', nameEs: 'Bolivia', nameEn: 'Bolivia', kind: 'country', conference: 'CSM', color: '#b7950b' },
  { code: 'BRA', nameEs: 'Brasil', nameEn: 'Brazil', kind: 'country', conference: 'CSM', color: '#239b56' },
  { code: 'CHL', nameEs: 'Chile', nameEn: 'Chile', kind: 'country', conference: 'CSM', color: '#cb4335' },
  { code: 'COL', nameEs: 'Colombia', nameEn: 'Colombia', kind: 'country', conference: 'CSM', color: '#d4ac0d' },
  { code: 'ECU', nameEs: 'Ecuador', nameEn: 'Ecuador', kind: 'country', conference: 'CSM', color: '#ca6f1e' },
  { code: 'GUY', nameEs: 'Guyana', nameEn: 'Guyana', kind: 'country', conference: 'CSM', color: '#117a65' },
  { code: 'PRY', nameEs: 'Paraguay', nameEn: 'Paraguay', kind: 'country', conference: 'CSM', color: '#922b21' },
  { code: 'PER', nameEs: 'Perú', nameEn: 'Peru', kind: 'country', conference: 'CSM', color: '#a93226' },
  { code: 'SUR', nameEs: 'Surinam', nameEn: 'Suriname', kind: 'country', conference: 'CSM', color: '#196f3d' },
  { code: 'URY', nameEs: 'Uruguay', nameEn: 'Uruguay', kind: 'country', conference: 'CSM', color: '#5dade2' },
  { code: 'VEN', nameEs: 'Venezuela', nameEn: 'Venezuela', kind: 'country', conference: 'CSM', color: '#af601a' },
  { code: 'ST-CRM', nameEs: 'Secretaría Técnica de la CRM', nameEn: 'CRM Technical Secretariat', kind: 'secretariat', conference: 'CRM', color: '#34495e' },
  { code: 'ST-CSM', nameEs: 'Secretaría Técnica de la CSM', nameEn: 'CSM Technical Secretariat', kind: 'secretariat', conference: 'CSM', color: '#4a235a' },
  { code: 'OIM', nameEs: 'Organización Internacional para las Migraciones', nameEn: 'International Organization for Migration', kind: 'organisation', conference: null, color: '#0b5394' },
]

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

