/** The HTTP API of the same origin, with failures turned into messages a person can act on. */
import type {
  Agreement,
  AgreementsResponse,
  AgreementStatus,
  CreateAgreementRequest,
  CreateMeetingRequest,
  ReadMinutesResponse,
  ConfirmMinutesRequest,
  ConfirmMinutesResponse,
  Meeting,
  MeetingsResponse,
  UpdateAgreementRequest,
  UpdateMeetingRequest,
  AcceptInvitationRequest,
  BracketRecord,
  CreateBracketRequest,
  ParagraphConsensus,
  PositionRequest,
  ResolveBracketRequest,
  AdminUser,
  ApiError,
  AuditEntry,
  AuditQuery,
  AuthState,
  ChangePasswordRequest,
  CreateThreadRequest,
  ReviewSettings,
  CreateDocumentRequest,
  CreateDocumentResponse,
  CreateInvitationRequest,
  DelegationRecord,
  DocumentListResponse,
  DocumentSummary,
  TrashedDocumentSummary,
  TrashListResponse,
  LinkableParagraphsResponse,
  InvitationCreated,
  InvitationInfo,
  LoginRequest,
  MembersResponse,
  MentionEntry,
  MentionsResponse,
  Principal,
  PublicUser,
  Role,
  SessionUser,
  SetupRequest,
  Thread,
  UpdateUserRequest,
} from '@consenso/protocol'
import i18next from './i18n/index.ts'
import { learnServerTime } from './server-clock.ts'

export class ApiRequestError extends Error {
  /** 0 when the server could not be reached at all. */
  readonly status: number
  readonly code: string | null

  constructor(status: number, code: string | null, message: string) {
    super(message)
    this.name = 'ApiRequestError'
    this.status = status
    this.code = code
  }
}

function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiError).error === 'string' &&
    typeof (value as ApiError).message === 'string'
  )
}

/**
 * Called when the server says the session is gone (401), so that wherever it happens the
 * person lands on the sign-in page and comes back afterwards. Set by the auth provider.
 */
let unauthorizedHandler: (() => void) | null = null

export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler
}

interface RequestOptions extends RequestInit {
  /** 401 here means "wrong password", not "session expired": the caller handles it. */
  ownUnauthorized?: boolean
}

/** One JSON call to the API; failures become `ApiRequestError`s (used by every feature's API module). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { ownUnauthorized, ...init } = options
  let response: Response
  const sentAt = Date.now()
  try {
    response = await fetch(path, {
      ...init,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
    })
    learnServerTime(response.headers.get('date'), sentAt, Date.now())
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiRequestError(0, null, 'network')
  }
  if (response.status === 204) return undefined as T
  let body: unknown = null
  try {
    body = await response.json()
  } catch {
    body = null
  }
  if (!response.ok) {
    const failure = new ApiRequestError(
      response.status,
      isApiError(body) ? body.error : null,
      isApiError(body) ? body.message : response.statusText,
    )
    if (response.status === 401 && !ownUnauthorized && !init.signal?.aborted) unauthorizedHandler?.()
    throw failure
  }
  if (body === null) throw new ApiRequestError(response.status, null, 'unexpected')
  return body as T
}

const post = (body: unknown, extra: RequestOptions = {}): RequestOptions => ({
  method: 'POST',
  body: JSON.stringify(body),
  ...extra,
})

const enc = encodeURIComponent

// ---------- accounts and sessions ----------

export function getAuthState(signal?: AbortSignal): Promise<AuthState> {
  return request<AuthState>('/api/auth/state', { signal, ownUnauthorized: true })
}

export function setupFirstAdmin(input: SetupRequest): Promise<SessionUser> {
  return request<SessionUser>('/api/auth/setup', post(input, { ownUnauthorized: true }))
}

export function signIn(input: LoginRequest): Promise<SessionUser> {
  return request<SessionUser>('/api/auth/login', post(input, { ownUnauthorized: true }))
}

export function signOut(): Promise<void> {
  return request<void>('/api/auth/logout', { method: 'POST', ownUnauthorized: true })
}

export function signOutEverywhere(): Promise<void> {
  return request<void>('/api/auth/logout-all', { method: 'POST', ownUnauthorized: true })
}

export function changePassword(input: ChangePasswordRequest): Promise<void> {
  return request<void>('/api/auth/password', post(input, { ownUnauthorized: true }))
}

export async function listDelegations(signal?: AbortSignal): Promise<DelegationRecord[]> {
  const body = await request<{ delegations: DelegationRecord[] }>('/api/delegations', { signal })
  if (!Array.isArray(body.delegations)) throw new ApiRequestError(200, null, 'unexpected')
  return body.delegations
}

export function getInvitation(token: string, signal?: AbortSignal): Promise<InvitationInfo> {
  return request<InvitationInfo>(`/api/invitations/${enc(token)}`, { signal, ownUnauthorized: true })
}

export function acceptInvitation(token: string, input: AcceptInvitationRequest): Promise<SessionUser> {
  return request<SessionUser>(`/api/invitations/${enc(token)}/accept`, post(input, { ownUnauthorized: true }))
}

export async function listUsers(signal?: AbortSignal): Promise<PublicUser[]> {
  const body = await request<{ users: PublicUser[] }>('/api/users', { signal })
  return Array.isArray(body.users) ? body.users : []
}

// ---------- administration ----------

export async function adminListUsers(signal?: AbortSignal): Promise<AdminUser[]> {
  const body = await request<{ users: AdminUser[] }>('/api/admin/users', { signal })
  return Array.isArray(body.users) ? body.users : []
}

export function adminUpdateUser(id: string, input: UpdateUserRequest): Promise<AdminUser> {
  return request<AdminUser>(`/api/admin/users/${enc(id)}`, { method: 'PATCH', body: JSON.stringify(input) })
}

export function adminCreateInvitation(input: CreateInvitationRequest): Promise<InvitationCreated> {
  return request<InvitationCreated>('/api/admin/invitations', post(input))
}

function auditSearch(query: AuditQuery): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value))
  }
  const search = params.toString()
  return search ? `?${search}` : ''
}

export async function adminAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditEntry[]> {
  const body = await request<{ entries: AuditEntry[] }>(`/api/admin/audit${auditSearch(query)}`, { signal })
  return Array.isArray(body.entries) ? body.entries : []
}

/** A plain link (the browser downloads it with the session cookie); no limit: the whole range. */
export function auditCsvUrl(query: AuditQuery): string {
  const { limit: _limit, ...filters } = query
  return `/api/admin/audit.csv${auditSearch(filters)}`
}

// ---------- drafts ----------

export async function listDocuments(signal?: AbortSignal): Promise<DocumentSummary[]> {
  const body = await request<DocumentListResponse>('/api/documents', { signal })
  if (!Array.isArray(body.documents)) throw new ApiRequestError(200, null, 'unexpected')
  return body.documents
}

export function getDocument(id: string, signal?: AbortSignal): Promise<DocumentSummary> {
  return request<DocumentSummary>(`/api/documents/${enc(id)}`, { signal })
}

export function createDocument(input: CreateDocumentRequest): Promise<CreateDocumentResponse> {
  return request<CreateDocumentResponse>('/api/documents', post(input))
}

/** Moves the draft to its owners' trash (restorable for a while, DOC-2). */
export function deleteDocument(id: string): Promise<void> {
  return request<void>(`/api/documents/${enc(id)}`, { method: 'DELETE' })
}

export async function listLinkableParagraphs(documentId: string, signal?: AbortSignal): Promise<LinkableParagraphsResponse['paragraphs']> {
  const body = await request<LinkableParagraphsResponse>(`/api/documents/${enc(documentId)}/paragraphs`, { signal })
  if (!Array.isArray(body.paragraphs)) throw new ApiRequestError(200, null, 'unexpected')
  return body.paragraphs
}

export function renameDocument(id: string, title: string): Promise<DocumentSummary> {
  return request<DocumentSummary>(`/api/documents/${enc(id)}`, { method: 'PATCH', body: JSON.stringify({ title }) })
}

export function restoreDocument(id: string): Promise<DocumentSummary> {
  return request<DocumentSummary>(`/api/documents/${enc(id)}/restore`, post({}))
}

export async function listTrash(signal?: AbortSignal): Promise<TrashedDocumentSummary[]> {
  const body = await request<TrashListResponse>('/api/documents/trash', { signal })
  if (!Array.isArray(body.documents)) throw new ApiRequestError(200, null, 'unexpected')
  return body.documents
}

export async function getMembers(id: string, signal?: AbortSignal): Promise<MembersResponse> {
  return request<MembersResponse>(`/api/documents/${enc(id)}/members`, { signal })
}

export function setMember(id: string, principal: Principal, role: Role): Promise<MembersResponse> {
  return request<MembersResponse>(`/api/documents/${enc(id)}/members`, {
    method: 'PUT',
    body: JSON.stringify({ principal, role }),
  })
}

export function removeMember(id: string, principal: Principal): Promise<MembersResponse> {
  return request<MembersResponse>(`/api/documents/${enc(id)}/members`, {
    method: 'DELETE',
    body: JSON.stringify({ principal }),
  })
}

// ---------- review threads ----------
// Each call answers with the thread as stored; the page shows threads from the live review
// document, where the same change arrives a moment later for everyone.

const threadPath = (documentId: string, threadId: string): string => `/api/documents/${enc(documentId)}/threads/${enc(threadId)}`

export function createThread(documentId: string, input: CreateThreadRequest): Promise<Thread> {
  return request<Thread>(`/api/documents/${enc(documentId)}/threads`, post(input))
}

export function replyToThread(documentId: string, threadId: string, text: string): Promise<Thread> {
  return request<Thread>(`${threadPath(documentId, threadId)}/comments`, post({ text }))
}

export function editComment(documentId: string, threadId: string, commentId: string, text: string): Promise<Thread> {
  return request<Thread>(`${threadPath(documentId, threadId)}/comments/${enc(commentId)}`, {
    method: 'PATCH',
    body: JSON.stringify({ text }),
  })
}

export function deleteComment(documentId: string, threadId: string, commentId: string): Promise<Thread> {
  return request<Thread>(`${threadPath(documentId, threadId)}/comments/${enc(commentId)}`, { method: 'DELETE' })
}

export function setThreadStatus(documentId: string, threadId: string, status: 'resolved' | 'open'): Promise<Thread> {
  return request<Thread>(`${threadPath(documentId, threadId)}/${status === 'resolved' ? 'resolve' : 'reopen'}`, { method: 'POST' })
}

/** Owners only; the new settings reach every open page through the review document. */
export function updateReviewSettings(documentId: string, settings: Partial<ReviewSettings>): Promise<ReviewSettings> {
  return request<ReviewSettings>(`/api/documents/${enc(documentId)}/settings`, { method: 'PUT', body: JSON.stringify(settings) })
}

export async function listMentions(signal?: AbortSignal): Promise<MentionEntry[]> {
  const body = await request<MentionsResponse>('/api/mentions', { signal })
  return Array.isArray(body.mentions) ? body.mentions : []
}

// ---------- consensus: parties, positions, brackets ----------
// Answers are informative only: every page follows the live review document.

export function setParties(documentId: string, parties: string[]): Promise<unknown> {
  return request(`/api/documents/${enc(documentId)}/parties`, { method: 'PUT', body: JSON.stringify({ parties }) })
}

export function recordPosition(documentId: string, paragraphId: string, input: PositionRequest): Promise<ParagraphConsensus> {
  return request<ParagraphConsensus>(`/api/documents/${enc(documentId)}/positions/${enc(paragraphId)}`, { method: 'PUT', body: JSON.stringify(input) })
}

export function createBracket(documentId: string, input: CreateBracketRequest): Promise<BracketRecord> {
  return request<BracketRecord>(`/api/documents/${enc(documentId)}/brackets`, post(input))
}

export function resolveBracket(documentId: string, bracketId: string, input: ResolveBracketRequest): Promise<BracketRecord> {
  return request<BracketRecord>(`/api/documents/${enc(documentId)}/brackets/${enc(bracketId)}/resolve`, post(input))
}

/**
 * A sentence for the user, in the interface language. The server's own `message` is shown
 * when it refused the request (it says what was wrong with it); transport failures and
 * server faults get our wording, since their raw text means nothing to a delegate.
 */
export function describeError(error: unknown): string {
  const t = i18next.t
  if (!(error instanceof ApiRequestError)) return t('errors.unexpected')
  // 502/504 come from a proxy in front of a server that is down: the same thing for the user.
  if (error.status === 0 || error.status === 502 || error.status === 504) return t('errors.network')
  if (error.status >= 500) return t('errors.server', { status: error.status })
  if (error.status === 401) return t('errors.signedOut')
  if (error.status === 403) return t('errors.forbidden')
  if (error.status === 404) return t('errors.notFound')
  if (error.status === 429) return t('errors.tooMany')
  if (error.status === 200) return t('errors.unexpected')
  return t('errors.refused', { message: error.message })
}

/** The server could not be reached (as opposed to answering no). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof ApiRequestError && (error.status === 0 || error.status === 502 || error.status === 504)
}

// ---------- register of agreements and meetings ----------
// Everyone reads; secretariats and administrators change. Open register pages hear of every
// change on /api/register/events and reload.

export interface RegisterFilters {
  responsible?: string
  status?: AgreementStatus
  meetingId?: string
  /** Only agreements overdue on `today`. */
  overdue?: boolean
  /** The reader's own date (`YYYY-MM-DD`): overdue is "before today where I am". */
  today?: string
  lang?: 'es' | 'en'
}

function registerSearch(filters: RegisterFilters): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filters) as Array<[string, string | boolean | undefined]>) {
    if (value !== undefined && value !== '' && value !== false) params.set(key, String(value))
  }
  const search = params.toString()
  return search ? `?${search}` : ''
}

export async function listAgreements(filters: RegisterFilters, signal?: AbortSignal): Promise<Agreement[]> {
  const body = await request<AgreementsResponse>(`/api/register/agreements${registerSearch(filters)}`, { signal })
  if (!Array.isArray(body.agreements)) throw new ApiRequestError(200, null, 'unexpected')
  return body.agreements
}

/** Plain links: the browser downloads them with the session cookie. */
export function agreementsCsvUrl(filters: RegisterFilters): string {
  return `/api/register/agreements.csv${registerSearch(filters)}`
}

export function agreementsXlsxUrl(filters: RegisterFilters): string {
  return `/api/register/agreements.xlsx${registerSearch(filters)}`
}

export function registerCalendarUrl(lang: 'es' | 'en'): string {
  return `/api/register/calendar.ics${registerSearch({ lang })}`
}

export function createAgreement(input: CreateAgreementRequest): Promise<Agreement> {
  return request<Agreement>('/api/register/agreements', post(input))
}

export function updateAgreement(id: string, input: UpdateAgreementRequest): Promise<Agreement> {
  return request<Agreement>(`/api/register/agreements/${enc(id)}`, { method: 'PATCH', body: JSON.stringify(input) })
}

export function deleteAgreement(id: string): Promise<void> {
  return request<void>(`/api/register/agreements/${enc(id)}`, { method: 'DELETE' })
}

export async function listMeetings(signal?: AbortSignal): Promise<Meeting[]> {
  const body = await request<MeetingsResponse>('/api/register/meetings', { signal })
  if (!Array.isArray(body.meetings)) throw new ApiRequestError(200, null, 'unexpected')
  return body.meetings
}

export function createMeeting(input: CreateMeetingRequest): Promise<Meeting> {
  return request<Meeting>('/api/register/meetings', post(input))
}

export function updateMeeting(id: string, input: UpdateMeetingRequest): Promise<Meeting> {
  return request<Meeting>(`/api/register/meetings/${enc(id)}`, { method: 'PATCH', body: JSON.stringify(input) })
}

export function deleteMeeting(id: string): Promise<void> {
  return request<void>(`/api/register/meetings/${enc(id)}`, { method: 'DELETE' })
}

/** What the reader finds in a minutes draft's agreements, to review (REGISTER-30). */
export function readMinutes(documentId: string): Promise<ReadMinutesResponse> {
  return request<ReadMinutesResponse>('/api/register/from-minutes/read', post({ documentId }))
}

/** The reviewed agreements and meetings into the register (REGISTER-31). */
export function confirmMinutes(body: ConfirmMinutesRequest): Promise<ConfirmMinutesResponse> {
  return request<ConfirmMinutesResponse>('/api/register/from-minutes/confirm', post(body))
}
