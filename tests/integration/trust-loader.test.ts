/**
 * [TRUST-6] A draft stored before every update was checked, holding what no editor can render
 * (an embed inside a paragraph's text, an unknown element, an unknown mark, a paragraph
 * attribute the schema does not define, elements nested hundreds deep), still exports in every
 * format, compares with a saved version and opens in a client: the loader drops what the schema
 * cannot render, keeps the rest, and logs what it dropped.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CURRENT_VERSION } from '@consenso/protocol'
import { BODY_FIELD, readYDoc } from '@consenso/schema'
import { connectClient, type TestClient } from '../helpers/clients.ts'
import { startServer, type TestServer } from '../helpers/server.ts'
import { api } from '../helpers/session.ts'
import { waitFor } from '../helpers/wait.ts'

let server: TestServer
let lines: string[]
const clients: TestClient[] = []
beforeEach(async () => {
  lines = []
  server = await startServer({ logger: { level: 'warn', stream: { write: (line: string) => void lines.push(line) } } })
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server.close()
})

async function storedDoc(id: string): Promise<Y.Doc> {
  const log = await server.storage.loadLog({ documentId: id, name: 'body' })
  const doc = new Y.Doc()
  if (log.snapshot) Y.applyUpdate(doc, log.snapshot)
  for (const update of log.updates) Y.applyUpdate(doc, update)
  return doc
}

/** Writes into storage, behind the server's back, what an unchecked client once could. */
async function storeUnrenderable(id: string): Promise<void> {
  const doc = await storedDoc(id)
  const before = Y.encodeStateVector(doc)
  const body = doc.getXmlFragment(BODY_FIELD)
  const paragraphs = body.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph' && node.getAttribute('kind') !== undefined)
  const [first, second] = paragraphs
  ;(first!.get(0) as Y.XmlText).insertEmbed(3, { image: 'x.png' })
  ;(second!.get(0) as Y.XmlText).format(0, 6, { blink: {} })
  second!.setAttribute('onclick', 'alert(1)')
  body.insert(1, [new Y.XmlElement('script')])
  let nested = new Y.XmlElement('paragraph')
  nested.insert(0, [new Y.XmlText('hondo')])
  for (let i = 0; i < 300; i++) {
    const quote = new Y.XmlElement('blockquote')
    quote.insert(0, [nested])
    nested = quote
  }
  body.push([nested])
  await server.storage.appendUpdates([{ key: { documentId: id, name: 'body' }, update: Y.encodeStateAsUpdate(doc, before) }], new Date())
}

describe('drafts stored with unrenderable content', () => {
  it('[TRUST-6] export in every format, compare with a version, and open; what was dropped is logged and the rest kept', async () => {
    const id = await server.createDocument('Declaración conjunta', 'declaration')
    const owner = api(server.url, server.session)
    const saved = await owner.post(`/api/documents/${id}/versions`, { name: 'Borrador cero' })
    expect(saved.status).toBe(201)
    const version = (await saved.json()) as { id: string }
    await waitFor(() => !server.app.collab.isLoaded({ documentId: id, name: 'body' }), 'the draft to be unloaded')
    await storeUnrenderable(id)

    for (const format of ['md', 'html', 'docx', 'akn', 'pdf']) {
      for (const view of ['clean', 'review']) {
        const response = await owner.get(`/api/documents/${id}/export?format=${format}&view=${view}`)
        expect(response.status, `${format} ${view}: ${response.status === 200 ? '' : await response.text()}`).toBe(200)
      }
    }
    const markdown = await (await owner.get(`/api/documents/${id}/export?format=md`)).text()
    expect(markdown).toContain('Preámbulo')
    const compared = await owner.get(`/api/documents/${id}/versions/compare?from=${version.id}&to=${CURRENT_VERSION}`)
    expect(compared.status, await compared.clone().text()).toBe(200)
    expect((await owner.get(`/api/documents/${id}/consensus`)).status).toBe(200)

    const dropped = lines.filter((line) => line.includes('dropped what the schema cannot render'))
    expect(dropped).toHaveLength(1)
    const entry = JSON.parse(dropped[0]!) as { count: number; dropped: string[] }
    expect(entry.count).toBeGreaterThanOrEqual(5)
    expect(entry.dropped.join(' | ')).toMatch(/ContentEmbed/)
    expect(entry.dropped.join(' | ')).toMatch(/script inside doc/)
    expect(entry.dropped.join(' | ')).toMatch(/blink/)
    expect(entry.dropped.join(' | ')).toMatch(/onclick/)
    expect(entry.dropped.join(' | ')).toMatch(/nested deeper/)

    // Dropped for good: storage holds the cleaned draft, and a client renders all of it.
    await waitFor(async () => !(await storedDoc(id)).getXmlFragment(BODY_FIELD).toString().includes('script'), 'the drop to be stored')
    const client = connectClient(server, id)
    clients.push(client)
    await client.waitSynced()
    const rendered = readYDoc(client.doc)
    expect(rendered.textContent).toContain('Preámbulo')
    expect(client.doc.getXmlFragment(BODY_FIELD).toString()).not.toMatch(/script|blink|onclick|image/)
    const paragraphs: string[] = []
    rendered.descendants((node) => {
      if (node.type.name === 'paragraph') paragraphs.push(node.textContent)
      return true
    })
    // The paragraphs around what was dropped keep their words.
    expect(paragraphs.filter((text) => text.length > 20).length).toBeGreaterThanOrEqual(2)
  })
})
