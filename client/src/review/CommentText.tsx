import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { findDelegation } from '@consenso/protocol'
import { delegationLabelOf, useDelegations } from '../delegations.ts'
import { askForUnknownPerson, usePeople } from './directory.ts'
import { commentParts } from './threads.ts'

/** A comment's text, with `@PAN` and `@user:<id>` shown as the delegation and the person's name. */
export function CommentText({ text }: { text: string }) {
  const { t, i18n } = useTranslation()
  const people = usePeople()
  const delegations = useDelegations()
  // The server's list includes delegations an administrator added; the built-in one stands in until it arrives.
  const isDelegation = (code: string): boolean =>
    delegations.kind === 'ready' ? delegations.delegations.some((d) => d.code === code) : findDelegation(code) !== undefined
  const parts = commentParts(text, isDelegation)
  const unknown = parts.some((part) => part.kind === 'user' && !people.has(part.id))
  useEffect(() => {
    if (unknown && people.size > 0) askForUnknownPerson()
  }, [unknown, people.size])

  return (
    <p className="comment__text" data-testid="comment-text">
      {parts.map((part, index) => {
        if (part.kind === 'text') return <span key={index}>{part.text}</span>
        if (part.kind === 'delegation') {
          return (
            <span key={index} className="mention" title={delegationLabelOf(part.code, i18n.language)} data-mention={`delegation:${part.code}`}>
              @{part.code}
            </span>
          )
        }
        const person = people.get(part.id)
        return (
          <span key={index} className="mention" title={person ? `${person.name} · ${person.delegation}` : undefined} data-mention={`user:${part.id}`}>
            @{person ? person.name : t('review.someone')}
          </span>
        )
      })}
    </p>
  )
}
