/**
 * [PERF-1] Caret storms: awareness changes reach every client in batches — far fewer messages
 * than changes — and every client ends with each caret's latest position.
 */
import { describe, expect, it } from 'vitest'
import { MessageType } from '@consenso/protocol'
import { connectClient } from '../helpers/clients.ts'
import { perTest } from '../helpers/per-test.ts'
import { waitFor } from '../helpers/wait.ts'

const scope = perTest()

describe('awareness batching', () => {
  it('[PERF-1] 10 carets moving 40 times each reach an observer in far fewer messages, ending at their last positions', async () => {
    const server = await scope.start()
    const draft = await server.createDocument('Cursores')
    const carets = Array.from({ length: 10 }, () => connectClient(server, draft))
    const observer = connectClient(server, draft)
    for (const client of [...carets, observer]) scope.track(client)
    await Promise.all([...carets, observer].map((c) => c.waitSynced()))
    for (const caret of carets) caret.provider.awareness.setLocalStateField('cursor', 0)
    await waitFor(() => carets.every((c) => observer.provider.awareness.getStates().has(c.doc.clientID)), 'every caret’s presence', {
      describe: () => [...observer.provider.awareness.getStates().keys()],
    })

    let awarenessMessages = 0
    const original = observer.provider.messageHandlers[MessageType.awareness]!
    observer.provider.messageHandlers[MessageType.awareness] = (...args) => {
      awarenessMessages++
      original(...args)
    }
    const moves = 40
    for (let step = 1; step <= moves; step++) {
      for (const caret of carets) caret.provider.awareness.setLocalStateField('cursor', step)
      await new Promise((resolve) => setImmediate(resolve))
    }
    const atLastPosition = (): boolean =>
      carets.every((c) => (observer.provider.awareness.getStates().get(c.doc.clientID) as { cursor?: number } | undefined)?.cursor === moves)
    await waitFor(atLastPosition, 'every caret at its last position on the observer')
    console.log(`[PERF-1] ${moves * carets.length} caret moves arrived in ${awarenessMessages} awareness messages`)
    expect(awarenessMessages).toBeLessThan((moves * carets.length) / 4)
  })
})
