import { describe, expect, it } from 'vitest'
import { CloseCode } from '@consenso/protocol'
import { createDraft } from '../helpers/api.ts'
import { setupAdmin } from '../helpers/session.ts'
import { connectClient } from '../helpers/clients.ts'
import { spawnServer, useChildServers } from '../helpers/child-server.ts'
import { waitFor } from '../helpers/wait.ts'

const harness = useChildServers()

describe('server lifecycle', () => {
  it('[LIFE-1] SIGTERM commits what was accepted, closes clients with 1001 and exits 0', async () => {
    const dataDir = harness.dataDir('lifecycle')
    const first = await harness.start({ DATA_DIR: dataDir })
    const admin = await setupAdmin(first.url)
    const id = await createDraft(first.url, admin, { title: 'Minuta de la reunión', template: 'minutes', language: 'es' })
    const writer = harness.track(connectClient({ wsUrl: first.wsUrl, cookie: admin.cookie }, id))
    await writer.waitSynced()
    for (let i = 0; i < 25; i++) writer.addParagraph(`acuerdo ${i}`)
    await writer.waitSaved()
    writer.provider.shouldConnect = false

    const exit = await first.kill('SIGTERM')
    expect(exit).toEqual({ code: 0, signal: null })
    await waitFor(() => writer.closeCodes.length > 0, 'the client to see the connection close')
    expect(writer.closeCodes[0]).toBe(CloseCode.goingAway)

    const second = await harness.start({ DATA_DIR: dataDir })
    const reader = harness.track(connectClient({ wsUrl: second.wsUrl, cookie: admin.cookie }, id))
    await reader.waitSynced()
    for (let i = 0; i < 25; i++) expect(reader.paragraphs()).toContain(`acuerdo ${i}`)
  })

  it('[LIFE-2] a configuration error is reported in one clear line and the server does not start', async () => {
    await expect(spawnServer({ PORT: 'not-a-port', DATA_DIR: harness.dataDir('badconfig') })).rejects.toThrow(
      /PORT must be a whole number from 0 to 65535/,
    )
  })
})
