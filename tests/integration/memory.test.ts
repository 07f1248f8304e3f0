import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { connectClient } from '../helpers/clients.ts'
import { perTest } from '../helpers/per-test.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Full collections across turns: a WeakRef's target is only released after the turn that read it. */
async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc()
    await new Promise((resolve) => setImmediate(resolve))
  }
}

const scope = perTest()

describe('memory per open connection', () => {
  it('[MEM-1] an open websocket keeps neither the HTTP request nor the response of its upgrade', async () => {
    const server = await scope.start()
    const documentId = await server.createDocument('Memoria')
    // Watch each upgrade's request and response (this listener runs after @fastify/websocket's,
    // which has already given the socket its response) without keeping them alive.
    const upgrades: { request: WeakRef<IncomingMessage>; response: WeakRef<ServerResponse> | null }[] = []
    server.app.server.on('upgrade', (request: IncomingMessage, socket: Socket & { _httpMessage?: ServerResponse | null }) => {
      upgrades.push({ request: new WeakRef(request), response: socket._httpMessage ? new WeakRef(socket._httpMessage) : null })
    })

    const writer = connectClient(server, documentId)
    const reader = connectClient(server, documentId)
    for (const client of [writer, reader]) scope.track(client)
    await Promise.all([writer.waitSynced(), reader.waitSynced()])
    await collect()

    expect(upgrades).toHaveLength(2)
    for (const { request, response } of upgrades) {
      expect(response).not.toBeNull()
      expect(request.deref()).toBeUndefined()
      expect(response!.deref()).toBeUndefined()
    }
    // The connections still work: an edit is saved and reaches the other client.
    writer.addParagraph('sin el saludo HTTP')
    await writer.waitSaved()
    await expect.poll(() => reader.paragraphs()).toContain('sin el saludo HTTP')
  })
})
