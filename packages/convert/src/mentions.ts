/**
 * Mentions in comments leave as the names people read: the editor writes a mentioned person as
 * `@user:<account id>` (the form the server records), which means nothing in a Word comment or
 * a PDF. Delegations (`@PAN`) are already what people write.
 */
import * as Y from 'yjs'
import { REVIEW_SETTINGS_KEY, REVIEW_THREADS_KEY, type Thread } from '@consenso/protocol'
import type { ExportLanguage } from './model.ts'

const PERSON = /@user:([A-Za-z0-9_-]{8,64})/gu

/** Account ids of the people mentioned in a draft's comments. */
export function mentionedPeople(review: Y.Doc): string[] {
  const found = new Set<string>()
  for (const thread of review.getMap<Thread>(REVIEW_THREADS_KEY).values()) {
    for (const comment of thread.comments ?? []) {
      if (typeof comment?.text !== 'string') continue
      for (const match of comment.text.matchAll(PERSON)) found.add(match[1]!)
    }
  }
  return [...found]
}

/** `text` with each `@user:<id>` written as `@Name`; an account no longer known as `@?`. */
export function mentionsAsNames(text: string, people: Record<string, string>): string {
  return text.replace(PERSON, (_, id: string) => `@${Object.hasOwn(people, id) ? people[id] : '?'}`)
}

/** The language a draft's text is written in (review settings, REVIEW-6), or null when not kept. */
export function draftLanguage(review: Y.Doc): ExportLanguage | null {
  const value = review.getMap(REVIEW_SETTINGS_KEY).get('language')
  return value === 'es' || value === 'en' ? value : null
}
