/**
 * [DUR-1] A server killed with SIGKILL in the middle of editing loses nothing any client
 * was told was saved, and duplicates nothing. The server runs as a real child process on
 * real SQLite; clients keep typing while it dies.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createDraft } from '../helpers/api.ts'
import { setupAdmin } from '../helpers/session.ts'
import { connectClient } from '../helpers/clients.ts'
import { useChildServers } from '../helpers/child-server.ts'
import { waitFor } from '../helpers/wait.ts'
import { seededRandom } from '../helpers/random.ts'

interface Written {
  token: string
  clientId: number
  clock: number
}

const harness = useChildServers()

const countOf = (paragraphs: string[], token: string): number => paragraphs.filter((p) => p === token).length

describe('durability', () => {
  it('[DUR-1] after SIGKILL mid-editing, every edit acknowledged as saved is present once after restart', async () => {
    const random = seededRandom('DUR-1')
    const dataDir = harness.dataDir('crash')
    const first = await harness.start({ DATA_DIR: dataDir })
    const admin = await setupAdmin(first.url)
    const id = await createDraft(first.url, admin, { title: 'Declaración conjunta CRM–CSM', template: 'declaration' })

    const writers = [0, 1, 2].map(() => harness.track(connectClient({ wsUrl: first.wsUrl, cookie: admin.cookie }, id)))
    await Promise.all(writers.map((w) => w.waitSynced()))

    const written: Written[] = []
    let running = true
    let counter = 0
    // Each writer keeps adding paragraphs until the server is dead: the kill lands mid-stream.
    const typing = setInterval(() => {
      if (!running) return
      const writer = random.pick(writers)
      const token = `párrafo ${counter++} de ${writers.indexOf(writer)}`
      writer.addParagraph(token)
      written.push({ token, clientId: writer.doc.clientID, clock: Y.getState(writer.doc.store, writer.doc.clientID) })
    }, 2)
    const isSaved = (w: Written): boolean => {
      const writer = writers.find((c) => c.doc.clientID === w.clientId)!
      return (writer.saved.get(w.clientId) ?? 0) >= w.clock
    }
    await waitFor(() => written.filter(isSaved).length >= 150, '150 acknowledged paragraphs', { timeoutMs: 30_000 })

    await first.kill('SIGKILL')
    running = false
    clearInterval(typing)
    const saved = written.filter(isSaved)
    console.log(`[DUR-1] ${written.length} paragraphs written, ${saved.length} acknowledged before the kill`)
    // Nothing may be acknowledged after the process died.
    for (const w of writers) w.provider.disconnect()

    const second = await harness.start({ DATA_DIR: dataDir })
    const reader = harness.track(connectClient({ wsUrl: second.wsUrl, cookie: admin.cookie }, id))
    await reader.waitSynced()
    const afterRestart = reader.paragraphs()
    for (const w of saved) expect(countOf(afterRestart, w.token), w.token).toBe(1)
    for (const w of written) expect(countOf(afterRestart, w.token), w.token).toBeLessThanOrEqual(1)

    // The writers still hold what was not acknowledged; reconnecting sends it, once.
    const rejoined = writers.map((w) => harness.track(connectClient({ wsUrl: second.wsUrl, cookie: admin.cookie }, id, { doc: w.doc })))
    await Promise.all(rejoined.map((c) => c.waitSaved(20_000)))
    await waitFor(() => written.every((w) => reader.paragraphs().includes(w.token)), 'every written paragraph to arrive', {
      timeoutMs: 20_000,
    })
    const final = reader.paragraphs()
    for (const w of written) expect(countOf(final, w.token), w.token).toBe(1)
  })
})
