/**
 * A version opened read-only: its paragraphs with their numbers and consensus status, and its
 * comment threads, as they were when it was saved.
 */
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { VersionContentResponse } from '@consenso/protocol'
import { textBlocks, type ComparableVersion } from '@consenso/schema'

export function VersionView({ content }: { content: VersionContentResponse }) {
  const { t } = useTranslation()
  const blocks = useMemo(() => {
    const version: ComparableVersion = {
      body: content.body as ComparableVersion['body'],
      review: { parties: content.review.parties, consensus: content.review.consensus, brackets: content.review.brackets },
    }
    return textBlocks(version)
  }, [content])
  const hasParties = content.review.parties.length > 0
  const threads = content.review.threads
  return (
    <div className="versions-view" data-testid="version-view">
      <ol className="versions-rows">
        {blocks.map((block, i) => (
          <li key={`${block.id ?? 'b'}-${i}`} className={block.type === 'heading' ? 'versions-row versions-row--heading' : 'versions-row'} data-testid="version-block">
            <span className="versions-label">{block.label ?? ''}</span>
            <div className="versions-cell">
              {hasParties && block.status && (
                <span className={`versions-status versions-status--${block.status}`}>{t(`versions.status.${block.status}`)}</span>
              )}
              <p className="versions-text">{block.text}</p>
            </div>
          </li>
        ))}
      </ol>
      <section className="versions-threads" aria-label={t('versions.view.comments', { count: threads.length })}>
        <h4>{t('versions.view.comments', { count: threads.length })}</h4>
        {threads.length === 0 ? (
          <p className="versions-empty">{t('versions.view.noComments')}</p>
        ) : (
          <ul>
            {threads.map((thread) => (
              <li key={thread.id} className="versions-thread">
                {thread.quote && <q>{thread.quote}</q>}
                {thread.comments
                  .filter((comment) => !comment.deleted)
                  .map((comment) => (
                    <p key={comment.id}>
                      <strong>
                        {comment.author.name} · {comment.author.delegation}
                      </strong>{' '}
                      {comment.text}
                    </p>
                  ))}
                {thread.status === 'resolved' && <span className="versions-tag">{t('versions.view.resolved')}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
