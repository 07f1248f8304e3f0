import type { InputHTMLAttributes } from 'react'

interface CheckboxFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'onChange'> {
  label: string
  /** Under the label, in smaller type: what choosing it does. */
  hint: string
  onChange: (checked: boolean) => void
  testId?: string
}

/** A checkbox whose label and hint are one click target, read together. */
export function CheckboxField({ label, hint, onChange, testId, ...input }: CheckboxFieldProps) {
  return (
    <label className="checkbox">
      <input {...input} type="checkbox" data-testid={testId} onChange={(event) => onChange(event.target.checked)} />
      <span>
        {label}
        <span className="checkbox__hint">{hint}</span>
      </span>
    </label>
  )
}
