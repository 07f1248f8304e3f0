import { afterEach, describe, expect, it } from 'vitest'
import { rmSync } from 'node:fs'
import { CloseCode } from '@consenso/protocol'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { spawnServer, type ChildServer } from '../helpers/child-server.ts'
import { tempDir } from '../helpers/server.ts'
import { waitFor } from '../helpers/wait.ts'

const servers: ChildServer[] = []
const clients: TestClient[] = []
let dataDir = ''
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.kill('SIGKILL')
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

describe('server lifecycle', () => {
  it('[LIFE-1] SIGTERM commits what was accepted, closes clients with 1001 and exits 0', async () => {
    dataDir = tempDir('lifecycle')
    const first = await spawnServer({ DATA_DIR: dataDir })
    servers.push(first)
    const created = await fetch(`${first.url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Minuta de la reunión', template: 'minutes', language: 'es' }),
    })
    const { id } = (await created.json()) as { id: string }
    const writer = connectClient(first.wsUrl, id)
    clients.push(writer)
    await writer.waitSynced()
    for (let i = 0; i < 25; i++) writer.addParagraph(`acuerdo ${i}`)
    await writer.waitSaved()
    writer.provider.shouldConnect = false

    const exit = await first.kill('SIGTERM')
    expect(exit).toEqual({ code: 0, signal: null })
    await waitFor(() => writer.closeCodes.length > 0, 'the client to see the connection close')
    expect(writer.closeCodes[0]).toBe(CloseCode.goingAway)

    const second = await spawnServer({ DATA_DIR: dataDir })
    servers.push(second)
    const reader = connectClient(second.wsUrl, id)
    clients.push(reader)
    await reader.waitSynced()
    for (let i = 0; i < 25; i++) expect(reader.paragraphs()).toContain(`acuerdo ${i}`)
  })

  it('[LIFE-2] a configuration error is reported in one clear line and the server does not start', async () => {
    dataDir = tempDir('badconfig')
    await expect(spawnServer({ PORT: 'not-a-port', DATA_DIR: dataDir })).rejects.toThrow(
      /PORT must be a whole number from 0 to 65535/,
    )
  })
})
