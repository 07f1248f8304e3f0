/**
 * Good practices (PRACT-*, contract PRACT-50..): themes, practices with their attachments,
 * prioritisation rounds and their ballots. Part of every Storage as `storage.practices`;
 * stored in the `practice_*` tables (migration 14, practices-sql.ts). The database decides
 * the races that matter: one ballot per delegation and round (a primary key), a change of a
 * practice only from the statuses the caller expects, the attachments' count.
 */
import type { Practice, PracticeAttachmentInfo, PracticeBallot, PracticeRound, PracticeStatus, PracticeTheme } from '@consenso/protocol'
import { definedFields } from './register-rows.ts'

/** The fields of a practice a change may set. */
export type PracticePatch = Partial<Omit<Practice, 'id' | 'delegation' | 'createdBy' | 'createdAt'>>
export type ThemePatch = Partial<Omit<PracticeTheme, 'id'>>
export type RoundPatch = Partial<Pick<PracticeRound, 'closedAt' | 'documentId'>>

export interface PracticeStore {
  /** Every theme, by position then id. */
  listThemes(): Promise<PracticeTheme[]>
  createTheme(theme: PracticeTheme): Promise<void>
  /** The theme as changed; undefined for an unknown id. */
  updateTheme(id: string, patch: ThemePatch): Promise<PracticeTheme | undefined>

  /** Every practice, oldest first (then by id). Who may read which is the routes' business. */
  listPractices(): Promise<Practice[]>
  getPractice(id: string): Promise<Practice | undefined>
  createPractice(practice: Practice): Promise<void>
  /**
   * Changes a practice, but only while its status is one of `onlyFrom` (when given): two
   * reviewers, or an edit racing a submission, cannot both win. Undefined when unknown or
   * not in such a status.
   */
  updatePractice(id: string, patch: PracticePatch, onlyFrom?: readonly PracticeStatus[]): Promise<Practice | undefined>
  /** Removes a practice and its attachments; false for an unknown id. */
  deletePractice(id: string): Promise<boolean>

  /** A practice's attachments (or every one), oldest first, without their bytes. */
  listAttachments(practiceId?: string): Promise<PracticeAttachmentInfo[]>
  /** Stores it unless its practice already has `max` attachments (false, nothing stored). */
  addAttachment(info: PracticeAttachmentInfo, data: Uint8Array, max: number): Promise<boolean>
  getAttachment(id: string): Promise<{ info: PracticeAttachmentInfo; data: Uint8Array } | undefined>
  deleteAttachment(id: string): Promise<boolean>

  /** Every round, newest first. */
  listRounds(): Promise<PracticeRound[]>
  getRound(id: string): Promise<PracticeRound | undefined>
  createRound(round: PracticeRound): Promise<void>
  updateRound(id: string, patch: RoundPatch): Promise<PracticeRound | undefined>
  /** Stores the ballot; false (nothing stored) when this delegation already voted in this round. */
  castBallot(ballot: PracticeBallot): Promise<boolean>
  /** A round's ballots, by delegation code. */
  listBallots(roundId: string): Promise<PracticeBallot[]>
}

/**
 * The themes a new workspace starts with: the six informal thematic sessions of the Global
 * Compact for Safe, Orderly and Regular Migration (2017), in the United Nations' wording.
 */
export const DEFAULT_THEMES: readonly PracticeTheme[] = [
  {
    id: 'gcm-1',
    position: 1,
    archived: false,
    nameEs: 'Derechos humanos de todos los migrantes, inclusión social, cohesión y todas las formas de discriminación, incluidos el racismo, la xenofobia y la intolerancia',
    nameEn: 'Human rights of all migrants, social inclusion, cohesion, and all forms of discrimination, including racism, xenophobia and intolerance',
  },
  {
    id: 'gcm-2',
    position: 2,
    archived: false,
    nameEs: 'Factores que impulsan la migración, incluidos los efectos adversos del cambio climático, los desastres naturales y las crisis provocadas por el hombre',
    nameEn: 'Addressing drivers of migration, including adverse effects of climate change, natural disasters and human-made crises',
  },
  {
    id: 'gcm-3',
    position: 3,
    archived: false,
    nameEs: 'Cooperación internacional y gobernanza de la migración en todas sus dimensiones, incluidas las fronteras, el tránsito, la entrada, el retorno, la readmisión, la integración y la reintegración',
    nameEn: 'International cooperation and governance of migration in all its dimensions, including at borders, on transit, entry, return, readmission, integration and reintegration',
  },
  {
    id: 'gcm-4',
    position: 4,
    archived: false,
    nameEs: 'Contribuciones de los migrantes y las diásporas a todas las dimensiones del desarrollo sostenible, incluidas las remesas y la portabilidad de las prestaciones adquiridas',
    nameEn: 'Contributions of migrants and diasporas to all dimensions of sustainable development, including remittances and portability of earned benefits',
  },
  {
    id: 'gcm-5',
    position: 5,
    archived: false,
    nameEs: 'Tráfico ilícito de migrantes, trata de personas y formas contemporáneas de esclavitud, incluidas la identificación, protección y asistencia a los migrantes y las víctimas de la trata',
    nameEn: 'Smuggling of migrants, trafficking in persons and contemporary forms of slavery, including appropriate identification, protection and assistance to migrants and trafficking victims',
  },
  {
    id: 'gcm-6',
    position: 6,
    archived: false,
    nameEs: 'Migración irregular y vías regulares, incluidos el trabajo decente, la movilidad laboral, el reconocimiento de aptitudes y cualificaciones y otras medidas pertinentes',
    nameEn: 'Irregular migration and regular pathways, including decent work, labour mobility, recognition of skills and qualifications and other relevant measures',
  },
]

export const byPositionThenId = (a: PracticeTheme, b: PracticeTheme): number => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
export const byCreatedThenId = (a: Practice, b: Practice): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
export const roundsNewestFirst = (a: PracticeRound, b: PracticeRound): number =>
  a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

const copyPractice = (p: Practice): Practice => ({ ...p, links: [...p.links] })
const copyRound = (r: PracticeRound): PracticeRound => ({ ...r, practiceIds: [...r.practiceIds], voters: [...r.voters] })

export class MemoryPracticeStore implements PracticeStore {
  readonly #themes = new Map<string, PracticeTheme>(DEFAULT_THEMES.map((t) => [t.id, { ...t }]))
  readonly #practices = new Map<string, Practice>()
  readonly #attachments = new Map<string, { info: PracticeAttachmentInfo; data: Uint8Array }>()
  readonly #rounds = new Map<string, PracticeRound>()
  readonly #ballots = new Map<string, PracticeBallot>()

  async listThemes(): Promise<PracticeTheme[]> {
    return [...this.#themes.values()].map((t) => ({ ...t })).sort(byPositionThenId)
  }

  async createTheme(theme: PracticeTheme): Promise<void> {
    if (this.#themes.has(theme.id)) throw new Error(`theme ${theme.id} exists`)
    this.#themes.set(theme.id, { ...theme })
  }

  async updateTheme(id: string, patch: ThemePatch): Promise<PracticeTheme | undefined> {
    const theme = this.#themes.get(id)
    if (!theme) return undefined
    Object.assign(theme, definedFields(patch))
    return { ...theme }
  }

  async listPractices(): Promise<Practice[]> {
    return [...this.#practices.values()].map(copyPractice).sort(byCreatedThenId)
  }

  async getPractice(id: string): Promise<Practice | undefined> {
    const p = this.#practices.get(id)
    return p && copyPractice(p)
  }

  async createPractice(practice: Practice): Promise<void> {
    if (this.#practices.has(practice.id)) throw new Error(`practice ${practice.id} exists`)
    this.#practices.set(practice.id, copyPractice(practice))
  }

  async updatePractice(id: string, patch: PracticePatch, onlyFrom?: readonly PracticeStatus[]): Promise<Practice | undefined> {
    const p = this.#practices.get(id)
    if (!p || (onlyFrom && !onlyFrom.includes(p.status))) return undefined
    Object.assign(p, definedFields(patch))
    if (patch.links) p.links = [...patch.links]
    return copyPractice(p)
  }

  async deletePractice(id: string): Promise<boolean> {
    for (const [key, a] of this.#attachments) if (a.info.practiceId === id) this.#attachments.delete(key)
    return this.#practices.delete(id)
  }

  async listAttachments(practiceId?: string): Promise<PracticeAttachmentInfo[]> {
    return [...this.#attachments.values()]
      .filter((a) => practiceId === undefined || a.info.practiceId === practiceId)
      .map((a) => ({ ...a.info }))
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))
  }

  async addAttachment(info: PracticeAttachmentInfo, data: Uint8Array, max: number): Promise<boolean> {
    if (!this.#practices.has(info.practiceId)) throw new Error(`no practice ${info.practiceId}`)
    if ([...this.#attachments.values()].filter((a) => a.info.practiceId === info.practiceId).length >= max) return false
    this.#attachments.set(info.id, { info: { ...info }, data: new Uint8Array(data) })
    return true
  }

  async getAttachment(id: string): Promise<{ info: PracticeAttachmentInfo; data: Uint8Array } | undefined> {
    const a = this.#attachments.get(id)
    return a && { info: { ...a.info }, data: new Uint8Array(a.data) }
  }

  async deleteAttachment(id: string): Promise<boolean> {
    return this.#attachments.delete(id)
  }

  async listRounds(): Promise<PracticeRound[]> {
    return [...this.#rounds.values()].map(copyRound).sort(roundsNewestFirst)
  }

  async getRound(id: string): Promise<PracticeRound | undefined> {
    const r = this.#rounds.get(id)
    return r && copyRound(r)
  }

  async createRound(round: PracticeRound): Promise<void> {
    if (this.#rounds.has(round.id)) throw new Error(`round ${round.id} exists`)
    this.#rounds.set(round.id, copyRound(round))
  }

  async updateRound(id: string, patch: RoundPatch): Promise<PracticeRound | undefined> {
    const r = this.#rounds.get(id)
    if (!r) return undefined
    Object.assign(r, definedFields(patch))
    return copyRound(r)
  }

  async castBallot(ballot: PracticeBallot): Promise<boolean> {
    const key = `${ballot.roundId}\n${ballot.delegation}`
    if (this.#ballots.has(key)) return false
    this.#ballots.set(key, { ...ballot, ranking: [...ballot.ranking] })
    return true
  }

  async listBallots(roundId: string): Promise<PracticeBallot[]> {
    return [...this.#ballots.values()]
      .filter((b) => b.roundId === roundId)
      .map((b) => ({ ...b, ranking: [...b.ranking] }))
      .sort((a, b) => (a.delegation < b.delegation ? -1 : a.delegation > b.delegation ? 1 : 0))
  }
}
