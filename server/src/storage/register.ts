/**
 * The register: agreements (who does what by when) and the meetings they come from
 * (REGISTER-*). Part of every Storage as `storage.register`. Responsible and participating
 * delegations are stored once each and read back sorted by code point. Links to drafts and
 * users are plain ids: the register outlives them. Implemented in memory/, sqlite/ and
 * postgres/ (register.ts in each).
 */
import type { Agreement, AgreementQuery, Meeting } from '@consenso/protocol'
import type { AgreementPatch, MeetingPatch } from './storage.ts'

export interface RegisterStore {
  /**
   * Throws, creating nothing, if the id exists, the status is unknown, a delegation or the
   * meeting does not exist.
   */
  createAgreement(agreement: Agreement): Promise<void>
  /**
   * Creates, in one transaction and in the order given, each agreement whose draft and block
   * (`documentId`, `blockId`, both required) no stored agreement has yet; returns those it
   * created. Two concurrent calls never create two agreements for one block. Throws, creating
   * nothing, for the reasons createAgreement does or a missing link.
   */
  createLinkedAgreements(agreements: readonly Agreement[]): Promise<Agreement[]>
  getAgreement(id: string): Promise<Agreement | undefined>
  /**
   * Every filter given must match. Ordered by due date (those without one last), then by
   * creation (the order of the calls, and within one call the order given).
   */
  listAgreements(query: AgreementQuery): Promise<Agreement[]>
  /**
   * Changes exactly the fields in the patch; returns the agreement as stored, or undefined for
   * an unknown id. Throws, changing nothing, as createAgreement does.
   */
  updateAgreement(id: string, patch: AgreementPatch): Promise<Agreement | undefined>
  /** Returns false for an unknown id. */
  deleteAgreement(id: string): Promise<boolean>

  /** Throws, creating nothing, if the id exists or a delegation does not. */
  createMeeting(meeting: Meeting): Promise<void>
  getMeeting(id: string): Promise<Meeting | undefined>
  /** Ordered by first day, then by creation. */
  listMeetings(): Promise<Meeting[]>
  updateMeeting(id: string, patch: MeetingPatch): Promise<Meeting | undefined>
  /** The meeting's agreements stay, without a meeting. Returns false for an unknown id. */
  deleteMeeting(id: string): Promise<boolean>
}
