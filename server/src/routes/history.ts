/**
 * Who changed what and when ([AUTHOR-*] in server/SPEC.md): the authorship records the server
 * writes with every client's change to a draft's body, read as a history of runs — one
 * person's consecutive changes to one paragraph within a few minutes read as one entry, with
 * the text before and after it. Everyone who may read the draft may read its history.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ParagraphHistoryQuery, type ParagraphHistoryEntry, type ParagraphHistoryResponse } from '@consenso/protocol'
import type { AuthorshipRecord, Storage } from '../storage/storage.ts'
import { draftAccess } from './draft-access.ts'

/** Changes by one person to one paragraph closer than this read as one entry. */
export const HISTORY_RUN_MS = 5 * 60 * 1000

/** Runs of records: same paragraph, same person, each within HISTORY_RUN_MS of the one before. */
export function historyRuns(records: readonly AuthorshipRecord[]): Omit<ParagraphHistoryEntry, 'name'>[] {
  const entries: Omit<ParagraphHistoryEntry, 'name'>[] = []
  const last = new Map<string, { entry: Omit<ParagraphHistoryEntry, 'name'>; at: number }>()
  const lastText = new Map<string, string | null>()
  for (const record of records) {
    const at = Date.parse(record.at)
    const open = last.get(record.paragraphId)
    if (open && open.entry.userId === record.userId && open.entry.delegation === record.delegation && at - open.at <= HISTORY_RUN_MS) {
      open.entry.after = record.text
      open.entry.at = record.at
      open.at = at
    } else {
      const entry = {
        paragraphId: record.paragraphId,
        userId: record.userId,
        delegation: record.delegation,
        from: record.at,
        at: record.at,
        before: lastText.has(record.paragraphId) ? lastText.get(record.paragraphId)! : null,
        after: record.text,
      }
      entries.push(entry)
      last.set(record.paragraphId, { entry, at })
    }
    lastText.set(record.paragraphId, record.text)
  }
  return entries
}

/** The entries with their authors' names (read once per person). */
export async function namedHistory(storage: Storage, records: readonly AuthorshipRecord[]): Promise<ParagraphHistoryEntry[]> {
  const names = new Map<string, string>()
  const entries: ParagraphHistoryEntry[] = []
  for (const entry of historyRuns(records)) {
    if (!names.has(entry.userId)) names.set(entry.userId, (await storage.accounts.getUser(entry.userId))?.name ?? entry.userId)
    entries.push({ ...entry, name: names.get(entry.userId)! })
  }
  return entries
}

export const historyRoutes = fp(
  async (app: FastifyInstance) => {
    const access = draftAccess(app)
    app.get<{ Params: { id: string }; Querystring: ParagraphHistoryQuery }>(
      '/api/documents/:id/history',
      { schema: { querystring: ParagraphHistoryQuery } },
      async (request, reply): Promise<ParagraphHistoryResponse | undefined> => {
        if (!(await access(request, reply, 'read'))) return
        const { paragraph, since, until } = request.query
        const records = await app.storage.listAuthorship(request.params.id, {
          ...(paragraph !== undefined ? { paragraphId: paragraph } : {}),
          ...(since !== undefined ? { since: new Date(since).toISOString() } : {}),
          ...(until !== undefined ? { until: new Date(until).toISOString() } : {}),
        })
        return { entries: await namedHistory(app.storage, records) }
      },
    )
  },
  { name: 'consenso-history' },
)
