/**
 * The command line (`pnpm consenso …`, i.e. server/src/cli.ts) against a real data folder,
 * and the server started on that folder afterwards, as a newcomer would use them.
 */
import { spawn, spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { isOverdue, type AgreementsResponse, type DocumentListResponse, type MeetingsResponse } from '@consenso/protocol'
import { REPO_ROOT, useChildServers } from '../helpers/child-server.ts'
import { api, signIn } from '../helpers/session.ts'
import { startSmtp } from '../helpers/smtp.ts'

const harness = useChildServers()

function consenso(dataDir: string, args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PUBLIC_ORIGIN: 'https://consenso.example.org' },
    input,
    encoding: 'utf8',
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

function consensoAsync(dataDir: string, args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PUBLIC_ORIGIN: 'https://consenso.example.org', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })))
}

describe('command line', () => {
  it('[NOTIFY-23] with SMTP_URL the command-line invitation is e-mailed in the asked language, and still printed', async () => {
    const smtp = await startSmtp()
    try {
      const dataDir = harness.dataDir('cli-mail')
      // spawnSync would hold this process's event loop, and with it the SMTP server the command talks to.
      const result = await consensoAsync(dataDir, ['invite', '--delegation', 'CAN', '--email', 'claire@international.gc.ca', '--language', 'en'], { SMTP_URL: smtp.url, MAIL_FROM: 'Consenso <avisos@consenso.example.org>' })
      expect(result.status, result.stderr).toBe(0)
      const url = /^(https:\/\/consenso\.example\.org\/invite\/[A-Za-z0-9_-]{20,})$/m.exec(result.stdout)![1]!
      expect(result.stdout).toContain('e-mailed to claire@international.gc.ca')
      expect(smtp.mails).toHaveLength(1)
      expect(smtp.mails[0]).toMatchObject({ to: ['claire@international.gc.ca'], from: 'avisos@consenso.example.org', subject: 'Invitation to Consenso' })
      expect(smtp.mails[0]!.text).toContain(url)
      expect(smtp.mails[0]!.text).toContain('member of the CAN delegation')
      expect((await consensoAsync(dataDir, ['invite', '--delegation', 'CAN', '--language', 'fr'], {})).stderr).toContain('--language must be es or en')
    } finally {
      await smtp.close()
    }
  }, 120_000)

  it('[CLI-1] [ADMIN-COLOUR-1] user, delegation and invite commands manage accounts in DATA_DIR', async () => {
    const dataDir = harness.dataDir('cli')
    const added = consenso(dataDir, ['user', 'add', '--email', 'Admin@CRM.example', '--name', 'Sofía Ramírez', '--delegation', 'ST-CRM', '--admin'], 'una-clave-bien-larga\n')
    expect(added.status, added.stderr).toBe(0)
    expect(added.stdout).toContain('created admin@crm.example (ST-CRM, administrator)')
    expect(consenso(dataDir, ['user', 'add', '--email', 'x@y.org', '--name', 'X', '--delegation', 'CHL'], 'corta\n')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('at least 10 characters'),
    })
    expect(consenso(dataDir, ['user', 'add', '--email', 'x@y.org', '--name', 'X', '--delegation', 'XXX'], 'una-clave-bien-larga\n').stderr).toContain(
      'there is no delegation XXX',
    )
    const delegation = consenso(dataDir, ['delegation', 'add', '--code', 'CARICOM', '--name-es', 'Comunidad del Caribe', '--name-en', 'Caribbean Community', '--kind', 'organisation'])
    expect(delegation.status, delegation.stderr).toBe(0)
    // ADMIN-COLOUR-1: a colour suggested words would be unreadable in is refused, with the reason.
    expect(consenso(dataDir, ['delegation', 'add', '--code', 'PALE', '--name-es', 'Pálida', '--name-en', 'Pale', '--kind', 'organisation', '--color', '#f5d90a'])).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/#f5d90a: suggested words on their tint read at 1\.\d\d:1 \(4\.5:1 needed\); choose a darker colour/u),
    })
    expect(consenso(dataDir, ['delegation', 'list']).stdout).toMatch(/^CARICOM\torganisation\tComunidad del Caribe\tCaribbean Community$/m)
    const invite = consenso(dataDir, ['invite', '--delegation', 'PAN', '--email', 'focal@mire.gob.pa'])
    expect(invite.status, invite.stderr).toBe(0)
    expect(invite.stdout).toMatch(/^https:\/\/consenso\.example\.org\/invite\/[A-Za-z0-9_-]{20,}$/m)
    expect(consenso(dataDir, ['user', 'list']).stdout).toContain('admin@crm.example\tSofía Ramírez\tST-CRM\tadmin')
    expect(consenso(dataDir, ['user', 'disable', '--email', 'admin@crm.example']).stdout).toContain('disabled admin@crm.example')
    expect(consenso(dataDir, ['frobnicate'])).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown command') })
    // Eight commands, each a fresh Node process compiling the sources through tsx.
  }, 180_000)

  it('[CLI-2] `demo` then the server gives a newcomer a working workspace', async () => {
    const dataDir = harness.dataDir('demo')
    const demo = consenso(dataDir, ['demo'])
    expect(demo.status, demo.stderr).toBe(0)
    const admin = /^\s+(ana\.perez@\S+)\s+(\S+)\s+Ana Pérez \(CHL, administrator\)$/m.exec(demo.stdout)
    const observer = /^\s+(grace\.miller@\S+)\s+(\S+)\s+Grace Miller \(OIM\)$/m.exec(demo.stdout)
    expect(admin, demo.stdout).not.toBeNull()
    expect(observer, demo.stdout).not.toBeNull()
    expect(consenso(dataDir, ['demo']).stderr).toContain('already has accounts')

    const server = await harness.start({ DATA_DIR: dataDir })
    const ana = await signIn(server.url, admin![1]!, admin![2]!)
    const hers = (await (await api(server.url, ana).get('/api/documents')).json()) as DocumentListResponse
    expect(hers.documents.map((d) => [d.template, d.role]).sort()).toEqual([
      ['declaration', 'owner'],
      ['minutes', 'commenter'],
    ])
    // The declaration is negotiated by four parties (issue 18).
    const declaration = hers.documents.find((d) => d.template === 'declaration')!
    const consensus = (await (await api(server.url, ana).get(`/api/documents/${declaration.id}/consensus`)).json()) as { parties: string[] }
    expect(consensus.parties).toEqual(['CHL', 'PAN', 'MEX', 'ARG'])
    const grace = await signIn(server.url, observer![1]!, observer![2]!)
    const theirs = (await (await api(server.url, grace).get('/api/documents')).json()) as DocumentListResponse
    expect(theirs.documents.map((d) => d.role)).toEqual(['viewer', 'viewer'])
    // The register: the minutes' meeting, the next one, and the minutes' three agreements, one overdue.
    const register = (await (await api(server.url, grace).get('/api/register/agreements')).json()) as AgreementsResponse
    expect(register.agreements.map((a) => a.responsible)).toEqual([['ARG', 'CHL', 'MEX', 'PAN'], ['ST-CRM', 'ST-CSM'], ['CHL', 'PAN']])
    expect(register.agreements.filter((a) => isOverdue(a, new Date().toISOString().slice(0, 10)))).toHaveLength(1)
    const calendar = (await (await api(server.url, grace).get('/api/register/meetings')).json()) as MeetingsResponse
    expect(calendar.meetings.map((m) => m.minutesDocumentId !== null)).toEqual([true, false])
  })
})
