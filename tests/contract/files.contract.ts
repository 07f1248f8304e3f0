/*
 * The file-repository part of the storage contract ([FILES-*] in server/SPEC.md), registered
 * inside `storageContract` for every implementation. Rules, cited by id in the test names:
 *
 * [FILES-50] create stores a file with its version 1 that reads back equal (tags, visibility,
 *            meeting); list is newest first and carries no bytes; a second create with the
 *            same id is refused.
 * [FILES-51] Bytes come back exactly (every byte value, a zero byte included); addVersion
 *            numbers 2, 3… and is undefined for an unknown file; versions read oldest first.
 * [FILES-52] update changes only the fields given (undefined for an unknown id); delete takes
 *            the versions and their bytes (false for an unknown id); setText/text keep each
 *            version's extracted text, null before.
 * [FILES-53] (durable stores) all of it survives close and reopen.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { RepositoryFile } from '@consenso/protocol'
import type { NewFileVersion, Storage } from '@consenso/server/storage'

const meta = (id: string, createdAt: string): Omit<RepositoryFile, 'versions'> => ({
  id,
  title: `Informe «${id}» sobre migración`,
  description: "Con 'apóstrofos' y \"comillas\"",
  tags: ['retorno', 'niñez'],
  language: 'es',
  meetingId: 'm1',
  visibility: { kind: 'delegations', delegations: ['MEX', 'PAN'] },
  createdBy: 'u1',
  createdAt,
  updatedAt: createdAt,
})

const bytes = (seed: number, length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 256)
const version = (data: Uint8Array, name = 'informe.pdf'): NewFileVersion => ({
  name,
  type: 'application/pdf',
  size: data.byteLength,
  sha256: createHash('sha256').update(data).digest('hex'),
  uploadedBy: 'u1',
  uploadedAt: '2026-12-07T10:00:00.000Z',
})

export function fileContract(current: () => Storage, reopen: (() => Promise<Storage>) | undefined): void {
  describe('file repository', () => {
    it('[FILES-50] a file and its first version read back equal; newest first; an id only once', async () => {
      const store = current().files
      const data = bytes(1, 1000)
      const created = await store.create(meta('f1', '2026-12-07T10:00:00.000Z'), version(data), data)
      expect(created).toEqual({ ...meta('f1', '2026-12-07T10:00:00.000Z'), versions: [{ ...version(data), number: 1 }] })
      await store.create({ ...meta('f2', '2026-12-07T10:00:01.000Z'), visibility: { kind: 'all' }, meetingId: null, tags: [] }, version(data), data)
      const listed = await store.list()
      expect(listed.map((f) => f.id)).toEqual(['f2', 'f1'])
      expect(listed[0]).toMatchObject({ visibility: { kind: 'all' }, meetingId: null, tags: [] })
      expect(JSON.stringify(listed)).not.toContain('"data"')
      expect(await store.get('f1')).toEqual(created)
      expect(await store.get('nope')).toBeUndefined()
      await expect(store.create(meta('f1', '2026-12-07T10:00:09.000Z'), version(data), data)).rejects.toThrow()
      // A list changed by its reader changes nothing stored.
      listed[1]!.tags.push('x')
      expect((await store.get('f1'))!.tags).toEqual(['retorno', 'niñez'])
    })

    it('[FILES-51] bytes kept exactly; versions numbered by the store', async () => {
      const store = current().files
      const first = Uint8Array.from({ length: 512 }, (_, i) => i % 256)
      await store.create(meta('f1', '2026-12-07T10:00:00.000Z'), version(first), first)
      const second = bytes(7, 70_000)
      expect(await store.addVersion('f1', version(second, 'informe-v2.pdf'), second)).toEqual({ ...version(second, 'informe-v2.pdf'), number: 2 })
      const third = bytes(9, 10)
      expect((await store.addVersion('f1', version(third), third))!.number).toBe(3)
      expect(await store.addVersion('nope', version(third), third)).toBeUndefined()
      expect((await store.get('f1'))!.versions.map((v) => [v.number, v.size])).toEqual([
        [1, 512],
        [2, 70_000],
        [3, 10],
      ])
      expect(Buffer.from((await store.data('f1', 1))!.data).equals(Buffer.from(first))).toBe(true)
      const read = await store.data('f1', 2)
      expect(read!.version.name).toBe('informe-v2.pdf')
      expect(createHash('sha256').update(read!.data).digest('hex')).toBe(read!.version.sha256)
      expect(await store.data('f1', 9)).toBeUndefined()
    })

    it('[FILES-52] changes, extracted text and deletion', async () => {
      const store = current().files
      const data = bytes(3, 100)
      await store.create(meta('f1', '2026-12-07T10:00:00.000Z'), version(data), data)
      const changed = await store.update('f1', { title: 'Nuevo', visibility: { kind: 'all' }, meetingId: null, tags: ['a'], updatedAt: '2026-12-07T11:00:00.000Z' })
      expect(changed).toMatchObject({ title: 'Nuevo', visibility: { kind: 'all' }, meetingId: null, tags: ['a'], language: 'es', updatedAt: '2026-12-07T11:00:00.000Z' })
      expect(await store.update('nope', { title: 'x' })).toBeUndefined()
      expect(await store.text('f1', 1)).toBeNull()
      await store.setText('f1', 1, 'Texto extraído: niños')
      expect(await store.text('f1', 1)).toBe('Texto extraído: niños')
      await store.setText('nope', 1, 'x')
      expect(await store.delete('f1')).toBe(true)
      expect(await store.delete('f1')).toBe(false)
      expect(await store.get('f1')).toBeUndefined()
      expect(await store.data('f1', 1)).toBeUndefined()
      expect(await store.list()).toEqual([])
    })

    it('[FILES-53] durable stores keep files, versions, bytes and text over a reopen', async () => {
      if (!reopen) return
      const data = bytes(5, 3000)
      await current().files.create(meta('f1', '2026-12-07T10:00:00.000Z'), version(data), data)
      await current().files.addVersion('f1', version(data, 'b.pdf'), data)
      await current().files.setText('f1', 2, 'texto')
      const before = await current().files.get('f1')
      const store = (await reopen()).files
      expect(await store.get('f1')).toEqual(before)
      expect(Buffer.from((await store.data('f1', 2))!.data).equals(Buffer.from(data))).toBe(true)
      expect(await store.text('f1', 2)).toBe('texto')
    })
  })
}
