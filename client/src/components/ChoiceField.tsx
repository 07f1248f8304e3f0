import { useId, type ReactNode } from 'react'

interface ChoiceFieldProps<V extends string, C extends V> {
  label: ReactNode
  value: V
  choices: readonly C[]
  /** How a choice reads in the list. */
  labelOf: (choice: C) => string
  onChange: (choice: V) => void
  /** An option before the choices ("All kinds"), with its own value. */
  first?: { value: V; label: string }
  testId?: string
  /** The wrapper's class: a form's `field` unless a toolbar has its own. */
  className?: string
  disabled?: boolean
}

/** A labelled <select> of fixed choices: filters, sorts, a status, a language. */
export function ChoiceField<V extends string, C extends V = V>({ label, value, choices, labelOf, onChange, first, testId, className = 'field', disabled }: ChoiceFieldProps<V, C>) {
  const id = useId()
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={testId} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value as V)}>
        {first && <option value={first.value}>{first.label}</option>}
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {labelOf(choice)}
          </option>
        ))}
      </select>
    </div>
  )
}
