/**
 * Ending someone's access reaches every open connection ([REVOKE-1], [REVOKE-2]). Two server
 * processes on one Postgres database joined by a private Redis: `pnpm consenso user disable`
 * (run as a command, beside the servers) closes the person's websockets on both instances, and
 * the edit they make right after the command returns is refused, never acknowledged nor stored;
 * removing a membership on one instance closes the member's connection on the other. On a single
 * instance without Redis, a command-line disable is found within SESSION_RECHECK_SECONDS.
 */
import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { CloseCode } from '@consenso/protocol'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { REPO_ROOT, useChildServers } from '../helpers/child-server.ts'
import { postgresUnavailable } from '../helpers/postgres.ts'
import { redisUnavailable } from '../helpers/redis.ts'
import { privateDatabase, privateRedis } from '../helpers/services.ts'
import { createDraft } from '../helpers/api.ts'
import { api, invite, setupAdmin, share, type TestSession } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

const harness = useChildServers()
const skipReason = (await redisUnavailable()) ?? (await postgresUnavailable())
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function consenso(env: Record<string, string>, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

const on = (server: { wsUrl: string }, session: TestSession, draft: string): TestClient =>
  harness.track(connectClient({ wsUrl: server.wsUrl, cookie: session.cookie }, draft))

describe('revoking access on every instance', () => {
  it.skipIf(skipReason !== null)(
    `[REVOKE-1] a command-line disable and a removed membership close connections on both instances; the edit made after the disable is refused${skipReason ? ` (skipped: ${skipReason})` : ''}`,
    async () => {
      const database = privateDatabase('revoke')
      cleanups.push(() => database.drop())
      const redis = await privateRedis()
      cleanups.push(() => redis.stop())
      // The storage sweep (REVOKE-2) effectively off: what closes the connections here is the fan-out.
      const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, SESSION_RECHECK_SECONDS: '3600' }
      const a = await harness.start(env)
      const b = await harness.start(env)
      cleanups.push(async () => {
        await a.kill('SIGKILL')
        await b.kill('SIGKILL')
      })
      const admin = await setupAdmin(a.url)
      const panama = await invite(a.url, admin, { email: 'pan@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' })
      const mexico = await invite(a.url, admin, { email: 'mex@sre.gob.mx', name: 'Lucía Torres', delegation: 'MEX' })
      const draft = await createDraft(a.url, admin, { title: 'Declaración conjunta', template: 'blank' })
      await share(a.url, admin, draft, { type: 'user', id: panama.user.id }, 'editor')
      await share(a.url, admin, draft, { type: 'user', id: mexico.user.id }, 'editor')

      const watcher = on(a, admin, draft)
      const panamaOnA = on(a, panama, draft)
      const panamaOnB = on(b, panama, draft)
      const mexicoOnB = on(b, mexico, draft)
      await Promise.all([watcher, panamaOnA, panamaOnB, mexicoOnB].map((c) => c.waitSynced()))
      panamaOnB.addParagraph('Panamá propone antes de ser desactivado.')
      await panamaOnB.waitSaved()
      await waitFor(() => watcher.paragraphs().includes('Panamá propone antes de ser desactivado.'), 'the edit before the disable to arrive')

      // The disable, run as an operator would, beside the running instances.
      const disabled = consenso(env, ['user', 'disable', '--email', 'pan@mire.gob.pa'])
      expect(disabled.status, disabled.stderr).toBe(0)
      expect(disabled.stdout).toContain('their open connections on every running instance were closed')
      // The edit made after the command returned.
      panamaOnB.addParagraph('Panamá escribe tras ser desactivado.')
      await waitFor(
        () => panamaOnA.closeCodes.includes(CloseCode.unauthorized) && panamaOnB.closeCodes.includes(CloseCode.unauthorized),
        'both of the person’s connections to close with 4401',
      )
      // The closed connections refused it: no acknowledgement, and (checked after a later edit
      // that crossed both instances) nobody has it and storage does not either.
      expect(panamaOnB.allSaved()).toBe(false)
      const mexicoBefore = 'México propone tras la desactivación.'
      mexicoOnB.addParagraph(mexicoBefore)
      await mexicoOnB.waitSaved()
      await waitFor(() => watcher.paragraphs().includes(mexicoBefore), 'a later edit to cross to the other instance')
      expect(watcher.paragraphs()).not.toContain('Panamá escribe tras ser desactivado.')
      expect(mexicoOnB.paragraphs()).not.toContain('Panamá escribe tras ser desactivado.')
      const late = on(a, admin, draft)
      await late.waitSynced()
      expect(late.paragraphs()).toContain(mexicoBefore)
      expect(late.paragraphs()).not.toContain('Panamá escribe tras ser desactivado.')
      expect((await api(b.url, panama).get('/api/documents')).status).toBe(401)

      // A membership removed on instance A closes the member's connection on instance B.
      const removed = await api(a.url, admin).delete(`/api/documents/${draft}/members`, { principal: { type: 'user', id: mexico.user.id } })
      expect(removed.status).toBe(200)
      await waitFor(() => mexicoOnB.closeCodes.includes(CloseCode.forbidden), 'the removed member’s connection on the other instance to close with 4403')
    },
    // Two server processes migrating a fresh Postgres database, and a command-line process.
    180_000,
  )

  it('[REVOKE-2] on one instance without Redis, a command-line disable closes the person’s connections within SESSION_RECHECK_SECONDS', async () => {
    const dataDir = harness.dataDir('revoke-local')
    const env = { DATA_DIR: dataDir, SESSION_RECHECK_SECONDS: '1' }
    const server = await harness.start(env)
    const admin = await setupAdmin(server.url)
    const panama = await invite(server.url, admin, { email: 'pan@mire.gob.pa', name: 'Carlos Méndez', delegation: 'PAN' })
    const draft = await createDraft(server.url, admin, { title: 'Minuta', template: 'blank' })
    await share(server.url, admin, draft, { type: 'user', id: panama.user.id }, 'editor')
    const client = on(server, panama, draft)
    const owner = on(server, admin, draft)
    await Promise.all([client.waitSynced(), owner.waitSynced()])

    const disabled = consenso(env, ['user', 'disable', '--email', 'pan@mire.gob.pa'])
    expect(disabled.status, disabled.stderr).toBe(0)
    expect(disabled.stdout).toContain('open connections on a running server end within 1 s')
    await waitFor(() => client.closeCodes.includes(CloseCode.unauthorized), 'the disabled person’s connection to close with 4401', { timeoutMs: 10_000 })
    expect(owner.closeCodes).toEqual([])
  }, 120_000)
})
