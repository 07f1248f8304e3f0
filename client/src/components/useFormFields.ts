import { useRef, useState, type ChangeEvent } from 'react'

/**
 * A form's text values, the error under each field and the elements to focus: `bind(key)` gives a
 * TextField its value, error and ref, and typing in a field takes its error away.
 */
export function useFormFields<K extends string>(initial: Record<K, string>) {
  const [values, setValues] = useState(initial)
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({})
  const elements = useRef<Partial<Record<K, HTMLElement | null>>>({})

  const clear = (key: K): void =>
    setErrors((previous) => {
      const rest = { ...previous }
      delete rest[key]
      return rest
    })
  const set = (key: K, value: string): void => {
    setValues((previous) => ({ ...previous, [key]: value }))
    clear(key)
  }
  const refFor = (key: K) => (element: HTMLElement | null) => {
    elements.current[key] = element
  }
  const focus = (key: K): void => elements.current[key]?.focus()
  /** Shows the problems found (a key without a message has none) and focuses the first; true when there are none. */
  const check = (found: Partial<Record<K, string | undefined>>): boolean => {
    const problems = (Object.entries(found) as Array<[K, string | undefined]>).filter(([, message]) => message)
    setErrors(Object.fromEntries(problems) as Partial<Record<K, string>>)
    const first = problems[0]?.[0]
    if (first !== undefined) focus(first)
    return first === undefined
  }
  const bind = (key: K) => ({
    value: values[key],
    onChange: (event: ChangeEvent<HTMLInputElement>) => set(key, event.target.value),
    error: errors[key],
    inputRef: refFor(key),
  })
  return { values, set, errors, setErrors, refFor, focus, check, bind }
}

export type FieldBinding = ReturnType<ReturnType<typeof useFormFields>['bind']>
