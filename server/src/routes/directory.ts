/** Who can be named when sharing: every active account, as others may see it. */
import type { FastifyInstance } from 'fastify'
import type { PublicUser } from '@consenso/protocol'
import { requireUser } from '../auth/plugin.ts'

export async function directoryRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/users', async (request, reply) => {
    if (!requireUser(request, reply)) return
    const users: PublicUser[] = (await app.storage.accounts.listUsers())
      .filter((user) => !user.disabled)
      .map(({ id, name, delegation }) => ({ id, name, delegation }))
    return { users }
  })
}
