/**
 * Party groups ([PARTY-*] in server/SPEC.md): everyone signed in lists them (the Consensus
 * tab's "add parties from a group"); administrators create, change and delete them. Bodies are
 * validated by their shapes (@consenso/protocol), then every member against the delegations the instance knows.
 */
import type { FastifyInstance } from 'fastify'
import { IdParams, PartyGroupChange, PartyGroupRequest, type PartyGroup, type PartyGroupsResponse } from '@consenso/protocol'
import { requireAdmin, requireUser } from '../auth/plugin.ts'
import { newId } from '../auth/tokens.ts'
import { sendError } from '../errors.ts'

const trimmed = <T extends PartyGroupChange>(body: T): T => ({
  ...body,
  ...(body.nameEs !== undefined ? { nameEs: body.nameEs.trim() } : {}),
  ...(body.nameEn !== undefined ? { nameEn: body.nameEn.trim() } : {}),
})

export async function partyGroupRoutes(app: FastifyInstance): Promise<void> {
  const unknownMembers = async (codes: readonly string[] | undefined): Promise<string[]> => {
    const missing: string[] = []
    for (const code of codes ?? []) if (!(await app.storage.delegations.getDelegation(code))) missing.push(code)
    return missing
  }

  app.get('/api/party-groups', async (request, reply): Promise<PartyGroupsResponse | undefined> => {
    if (!requireUser(request, reply)) return
    return { groups: await app.storage.partyGroups.listPartyGroups() }
  })

  app.post<{ Body: PartyGroupRequest }>('/api/admin/party-groups', { schema: { body: PartyGroupRequest } }, async (request, reply) => {
    if (!requireAdmin(request, reply)) return
    const missing = await unknownMembers(request.body.members)
    if (missing.length > 0) return sendError(reply, 400, 'unknown_delegation', `No delegation with the code ${missing.join(', ')}.`)
    const group: PartyGroup = { id: newId(), ...trimmed(request.body) }
    await app.storage.partyGroups.createPartyGroup(group)
    await app.audit(request, { action: 'party_group.created', target: group.id })
    return reply.code(201).send(group)
  })

  app.patch<{ Params: IdParams; Body: PartyGroupChange }>(
    '/api/admin/party-groups/:id',
    { schema: { params: IdParams, body: PartyGroupChange } },
    async (request, reply) => {
      if (!requireAdmin(request, reply)) return
      const missing = await unknownMembers(request.body.members)
      if (missing.length > 0) return sendError(reply, 400, 'unknown_delegation', `No delegation with the code ${missing.join(', ')}.`)
      const group = await app.storage.partyGroups.updatePartyGroup(request.params.id, trimmed(request.body))
      if (!group) return sendError(reply, 404, 'not_found', 'No such party group.')
      await app.audit(request, { action: 'party_group.updated', target: group.id })
      return group
    },
  )

  app.delete<{ Params: IdParams }>('/api/admin/party-groups/:id', { schema: { params: IdParams } }, async (request, reply) => {
    if (!requireAdmin(request, reply)) return
    if (!(await app.storage.partyGroups.deletePartyGroup(request.params.id))) return sendError(reply, 404, 'not_found', 'No such party group.')
    await app.audit(request, { action: 'party_group.deleted', target: request.params.id })
    return reply.code(204).send()
  })
}
