/*
 * The versions part of the storage contract, registered inside `storageContract` for every
 * implementation. Rules, cited by id in the test names:
 *
 * [STORE-44] createVersion stores the record and its two documents together: getVersion and
 *            loadVersion read them back exactly; a version of another draft, or an unknown
 *            id, reads as undefined.
 * [STORE-45] listVersions gives the draft's versions only, newest first (createdAt, then id,
 *            descending).
 * [STORE-46] createVersion refuses, storing nothing, an unknown draft and a taken id (even a
 *            taken id on another draft).
 * [STORE-47] Storage keeps its own copy of a version's bytes.
 * [STORE-48] deleteDocument removes the draft's versions and no other draft's.
 * [STORE-49] (durable stores) Versions survive close and reopen.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { DocumentRecord, Storage, VersionContent, VersionRecord } from '@consenso/server/storage'

function draftRecord(id: string): DocumentRecord {
  return { id, title: `Borrador ${id}`, template: 'declaration', createdBy: null, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' }
}

function version(id: string, documentId: string, createdAt: string, fields: Partial<VersionRecord> = {}): VersionRecord {
  return { id, documentId, kind: 'named', name: `Rev. ${id}`, note: '', reason: null, restoring: null, createdBy: null, createdAt, ...fields }
}

/** Real Yjs states, so a store that mangled bytes would be caught by decoding them. */
function content(text: string): VersionContent {
  const body = new Y.Doc()
  body.getXmlFragment('default').push([new Y.XmlText(text)])
  const meta = new Y.Doc()
  meta.getMap('threads').set('t1', { text: `sobre ${text}` })
  return { body: Y.encodeStateAsUpdate(body), meta: Y.encodeStateAsUpdate(meta) }
}

function textOf(stored: VersionContent): { body: string; meta: unknown } {
  const body = new Y.Doc()
  Y.applyUpdate(body, stored.body)
  const meta = new Y.Doc()
  Y.applyUpdate(meta, stored.meta)
  return { body: body.getXmlFragment('default').toString(), meta: meta.getMap('threads').toJSON() }
}

export function versionContract(current: () => Storage, reopen: (() => Promise<Storage>) | undefined): void {
  describe('versions', () => {
    const seed = async (...ids: string[]): Promise<void> => {
      for (const id of ids) await current().createDocument(draftRecord(id), content(`cuerpo ${id}`).body)
    }

    it('[STORE-44] a version reads back exactly, record and documents', async () => {
      await seed('d1', 'd2')
      const storage = current()
      const rec = version('v1', 'd1', '2024-03-01T10:00:00.000Z', {
        kind: 'checkpoint',
        name: '',
        note: 'antes de restaurar',
        reason: 'before_restore',
        restoring: 'v0',
        createdBy: 'u1',
      })
      const stored = content('Rev.1 text')
      await storage.versions.createVersion(rec, stored)
      expect(await storage.versions.getVersion('d1', 'v1')).toEqual(rec)
      const loaded = await storage.versions.loadVersion('d1', 'v1')
      expect(loaded).toEqual(stored)
      expect(textOf(loaded!)).toEqual({ body: 'Rev.1 text', meta: { t1: { text: 'sobre Rev.1 text' } } })
      expect(await storage.versions.getVersion('d2', 'v1')).toBeUndefined()
      expect(await storage.versions.loadVersion('d2', 'v1')).toBeUndefined()
      expect(await storage.versions.getVersion('d1', 'nope')).toBeUndefined()
      expect(await storage.versions.loadVersion('d1', 'nope')).toBeUndefined()
    })

    it('[STORE-45] listVersions gives one draft’s versions, newest first, ties by id descending', async () => {
      await seed('d1', 'd2')
      const storage = current()
      expect(await storage.versions.listVersions('d1')).toEqual([])
      const a = version('a', 'd1', '2024-03-01T10:00:00.000Z')
      const c = version('c', 'd1', '2024-03-02T10:00:00.000Z', { kind: 'checkpoint', name: '', reason: 'hourly' })
      const b = version('b', 'd1', '2024-03-02T10:00:00.000Z')
      const other = version('z', 'd2', '2024-03-05T10:00:00.000Z')
      for (const v of [a, c, other, b]) await storage.versions.createVersion(v, content(v.id))
      expect(await storage.versions.listVersions('d1')).toEqual([c, b, a])
      expect(await storage.versions.listVersions('d2')).toEqual([other])
      expect(await storage.versions.listVersions('unknown')).toEqual([])
    })

    it('[STORE-46] an unknown draft or a taken id is refused and nothing is stored', async () => {
      await seed('d1', 'd2')
      const storage = current()
      await expect(storage.versions.createVersion(version('v1', 'ghost', '2024-03-01T10:00:00.000Z'), content('x'))).rejects.toThrow()
      expect(await storage.versions.getVersion('ghost', 'v1')).toBeUndefined()
      const first = version('v1', 'd1', '2024-03-01T10:00:00.000Z')
      await storage.versions.createVersion(first, content('first'))
      await expect(storage.versions.createVersion({ ...first, name: 'otra' }, content('second'))).rejects.toThrow()
      await expect(storage.versions.createVersion(version('v1', 'd2', '2024-03-03T10:00:00.000Z'), content('third'))).rejects.toThrow()
      expect(await storage.versions.listVersions('d1')).toEqual([first])
      expect(await storage.versions.listVersions('d2')).toEqual([])
      expect(textOf((await storage.versions.loadVersion('d1', 'v1'))!).body).toBe('first')
    })

    it('[STORE-47] storage keeps its own copy of a version’s bytes', async () => {
      await seed('d1')
      const storage = current()
      const given = content('frozen')
      const expected = { body: given.body.slice(), meta: given.meta.slice() }
      await storage.versions.createVersion(version('v1', 'd1', '2024-03-01T10:00:00.000Z'), given)
      given.body.fill(0)
      given.meta.fill(0)
      const loaded = (await storage.versions.loadVersion('d1', 'v1'))!
      expect(loaded).toEqual(expected)
      loaded.body.fill(0)
      expect(await storage.versions.loadVersion('d1', 'v1')).toEqual(expected)
    })

    it('[STORE-48] deleteDocument removes that draft’s versions only', async () => {
      await seed('d1', 'd2')
      const storage = current()
      await storage.versions.createVersion(version('v1', 'd1', '2024-03-01T10:00:00.000Z'), content('one'))
      const kept = version('v2', 'd2', '2024-03-01T10:00:00.000Z')
      await storage.versions.createVersion(kept, content('two'))
      await storage.deleteDocument('d1')
      expect(await storage.versions.listVersions('d1')).toEqual([])
      expect(await storage.versions.getVersion('d1', 'v1')).toBeUndefined()
      expect(await storage.versions.listVersions('d2')).toEqual([kept])
      // The id is free again once its draft is gone.
      await seed('d1')
      await storage.versions.createVersion(version('v1', 'd1', '2024-04-01T10:00:00.000Z'), content('again'))
    })

    it.skipIf(!reopen)('[STORE-49] versions survive close and reopen', async () => {
      await seed('d1')
      const rec = version('v1', 'd1', '2024-03-01T10:00:00.000Z', { note: 'ronda de Panamá' })
      const stored = content('durable')
      await current().versions.createVersion(rec, stored)
      const reopened = await reopen!()
      expect(await reopened.versions.listVersions('d1')).toEqual([rec])
      expect(await reopened.versions.loadVersion('d1', 'v1')).toEqual(stored)
    })
  })
}
