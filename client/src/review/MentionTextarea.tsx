import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { delegationColor, delegationName, useDelegations } from '../delegations.ts'
import { textColorOn } from '../people.ts'
import { usePeople } from './directory.ts'
import { mentionQuery } from './threads.ts'

interface Option {
  key: string
  /** What is inserted: `@PAN` or `@user:<id>`. */
  insert: string
  label: string
  detail: string
  delegation: string
  kind: 'delegation' | 'person'
}

const MAX_OPTIONS = 8

/** Case and accents do not matter when looking for "panama" or "tomas". */
const fold = (value: string): string => value.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase()

interface MentionTextareaProps {
  label: string
  value: string
  onChange: (value: string) => void
  /** Ctrl+Enter (⌘+Enter). */
  onSubmit: () => void
  /** Escape with no list of names open. */
  onCancel?: () => void
  placeholder?: string
  testId: string
  disabled?: boolean
  autoFocus?: boolean
  rows?: number
  inputRef?: RefObject<HTMLTextAreaElement | null>
  /** Read out after the label: how to mention, how to send. */
  hintId?: string
}

/**
 * A comment box where typing `@` offers delegations (by code) and people. Picking one
 * inserts `@PAN` or `@user:<id>`, the forms the server records as mentions. The list follows
 * the combobox pattern: the focus stays in the text, arrows move the highlighted option,
 * Enter or Tab takes it, Escape closes it.
 */
export function MentionTextarea({
  label,
  value,
  onChange,
  onSubmit,
  onCancel,
  placeholder,
  testId,
  disabled,
  autoFocus,
  rows = 3,
  inputRef,
  hintId,
}: MentionTextareaProps) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const ownRef = useRef<HTMLTextAreaElement>(null)
  const ref = inputRef ?? ownRef
  const delegations = useDelegations()
  const people = usePeople()
  const [caret, setCaret] = useState(0)
  const [highlighted, setHighlighted] = useState(0)
  /** The `@` position whose list the person closed with Escape. */
  const [dismissedAt, setDismissedAt] = useState<number | null>(null)

  const query = mentionQuery(value, caret)
  const open = query !== null && query.start !== dismissedAt && !disabled

  const options = useMemo<Option[]>(() => {
    if (!query) return []
    const wanted = fold(query.query.replace(/^user:/u, ''))
    const list: Option[] = []
    const known = delegations.kind === 'ready' ? delegations.delegations : []
    for (const delegation of known) {
      const name = delegationName(delegation.code, i18n.language)
      if (wanted && !fold(delegation.code).startsWith(wanted) && !fold(name).includes(wanted)) continue
      list.push({
        key: `d:${delegation.code}`,
        insert: `@${delegation.code}`,
        label: delegation.code,
        detail: name,
        delegation: delegation.code,
        kind: 'delegation',
      })
    }
    const persons: Option[] = []
    for (const person of people.values()) {
      if (wanted && !fold(person.name).includes(wanted) && !fold(person.delegation).startsWith(wanted)) continue
      persons.push({
        key: `u:${person.id}`,
        insert: `@user:${person.id}`,
        label: person.name,
        detail: person.delegation,
        delegation: person.delegation,
        kind: 'person',
      })
    }
    persons.sort((a, b) => a.label.localeCompare(b.label, i18n.language))
    // A code typed exactly ("@PAN") puts the delegation first; otherwise people lead.
    const exact = list.filter((o) => fold(o.label) === wanted)
    const rest = list.filter((o) => fold(o.label) !== wanted)
    return [...exact, ...persons, ...rest].slice(0, MAX_OPTIONS)
  }, [query?.query, delegations, people, i18n.language])

  const showList = open && options.length > 0
  const active = Math.min(highlighted, Math.max(options.length - 1, 0))

  const pick = (option: Option): void => {
    if (!query) return
    const before = value.slice(0, query.start)
    const after = value.slice(caret)
    const inserted = `${option.insert} `
    const next = before + inserted + after.replace(/^\s/u, '')
    onChange(next)
    const position = before.length + inserted.length
    setCaret(position)
    setHighlighted(0)
    placeCaret.current = position
  }

  // The caret goes after the inserted mention as soon as React has written the new value, before
  // the next key is handled: set a frame later, it moved back over what a fast typist had typed
  // meanwhile ("@Tomás Herrera ill … ?w").
  const placeCaret = useRef<number | null>(null)
  useLayoutEffect(() => {
    const position = placeCaret.current
    const textarea = ref.current
    if (position === null || !textarea) return
    placeCaret.current = null
    textarea.focus()
    textarea.setSelectionRange(position, position)
  })

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (showList) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault()
        const step = event.key === 'ArrowDown' ? 1 : -1
        setHighlighted((active + step + options.length) % options.length)
        return
      }
      if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey && !event.shiftKey) || event.key === 'Tab') {
        const option = options[active]
        if (option) {
          event.preventDefault()
          pick(option)
        }
        return
      }
      if (event.key === 'Escape') {
        event.preventDefault()
        event.stopPropagation()
        setDismissedAt(query?.start ?? null)
        return
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      onSubmit()
      return
    }
    if (event.key === 'Escape' && onCancel) {
      event.preventDefault()
      event.stopPropagation()
      onCancel()
    }
  }

  const syncCaret = (): void => {
    const textarea = ref.current
    if (textarea) setCaret(textarea.selectionEnd)
  }

  return (
    <div className="mention-input">
      <label htmlFor={`${ids}-input`} className="visually-hidden">
        {label}
      </label>
      <textarea
        ref={ref}
        id={`${ids}-input`}
        className="mention-input__textarea"
        data-testid={testId}
        value={value}
        rows={rows}
        placeholder={placeholder}
        disabled={disabled}
        // The person asked for the box (Comment, Reply, Edit): it takes the focus.
        autoFocus={autoFocus}
        aria-autocomplete="list"
        aria-controls={showList ? `${ids}-list` : undefined}
        aria-activedescendant={showList ? `${ids}-option-${active}` : undefined}
        aria-describedby={hintId}
        onChange={(event) => {
          onChange(event.target.value)
          setCaret(event.target.selectionEnd)
          setHighlighted(0)
          if (dismissedAt !== null && mentionQuery(event.target.value, event.target.selectionEnd)?.start !== dismissedAt) setDismissedAt(null)
        }}
        onKeyDown={onKeyDown}
        onKeyUp={(event) => {
          if (event.key.startsWith('Arrow') && !showList) syncCaret()
          if (event.key === 'Home' || event.key === 'End') syncCaret()
        }}
        onClick={syncCaret}
        onSelect={syncCaret}
        onBlur={() => setDismissedAt(query?.start ?? null)}
        onFocus={() => setDismissedAt(null)}
      />
      {showList && (
        <ul className="mention-options" id={`${ids}-list`} role="listbox" aria-label={t('review.mentionOptions')} data-testid="mention-options">
          {options.map((option, index) => {
            const color = delegationColor(option.delegation)
            return (
              <li
                key={option.key}
                id={`${ids}-option-${index}`}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'mention-option mention-option--active' : 'mention-option'}
                data-testid="mention-option"
                data-value={option.insert}
                // Keep the focus in the text while choosing with the mouse.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(option)}
                onMouseEnter={() => setHighlighted(index)}
              >
                {option.kind === 'delegation' ? (
                  <span className="delegation-code" style={{ backgroundColor: color, color: textColorOn(color) }}>
                    {option.label}
                  </span>
                ) : (
                  <span className="mention-option__name">{option.label}</span>
                )}
                <span className="mention-option__detail">
                  {option.kind === 'delegation' ? option.detail : t('review.personOf', { delegation: option.detail })}
                </span>
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
