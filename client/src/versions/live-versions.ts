/**
 * What a fresh list of versions says happened since the previous one (UI-VERSIONS-5): the
 * Versions panel lists again whenever the server says this draft's versions changed
 * (`versions` on the notification stream, VERSION-10), and tells the person what someone else
 * did — a version saved, a version restored, a file imported — in one sentence.
 */
import type { TFunction } from 'i18next'
import type { VersionSummary, VersionsResponse } from '@consenso/protocol'

export interface ListChange {
  /** Versions and checkpoints in `after` that `before` did not have, newest first. */
  added: VersionSummary[]
  /** A restore or an import rewrote the text (a new before-restore checkpoint). */
  rewritten: boolean
}

export function listChange(before: VersionsResponse | null, after: VersionsResponse): ListChange {
  if (!before) return { added: [], rewritten: false }
  const known = new Set([...before.named, ...before.checkpoints].map((v) => v.id))
  const added = [...after.named, ...after.checkpoints].filter((v) => !known.has(v.id)).sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  return { added, rewritten: added.some((v) => v.reason === 'before_restore') }
}

/**
 * One sentence for what others did among `added` (the person's own doing is said where they
 * did it), or null. `all` resolves the version a before-restore checkpoint names.
 */
export function othersDid(t: TFunction, added: readonly VersionSummary[], all: readonly VersionSummary[], me: string): string | null {
  const byOthers = added.filter((v) => v.createdBy?.id !== me && v.reason !== 'hourly')
  const said: string[] = []
  const imported = new Set<string>()
  for (const checkpoint of byOthers.filter((v) => v.reason === 'before_restore')) {
    const target = all.find((v) => v.id === checkpoint.restoring)
    const who = checkpoint.createdBy ? `${checkpoint.createdBy.delegation} — ${checkpoint.createdBy.name}` : t('versions.automatic')
    const name = target?.name || t('versions.live.aVersion')
    // An import saves its version after the checkpoint (IMPORT-4); a restore names an older one.
    if (target && target.createdAt > checkpoint.createdAt) {
      imported.add(target.id)
      said.push(t('versions.live.imported', { who, name }))
    } else said.push(t('versions.live.restored', { who, name }))
  }
  for (const version of byOthers.filter((v) => v.kind === 'named' && !imported.has(v.id))) {
    said.push(
      version.createdBy
        ? t('versions.live.saved', { name: version.name, who: `${version.createdBy.delegation} — ${version.createdBy.name}` })
        : t('versions.live.savedAutomatic', { name: version.name }),
    )
  }
  return said.length > 0 ? said.join(' ') : null
}
