import { useId, type InputHTMLAttributes, type ReactNode, type Ref, type TextareaHTMLAttributes } from 'react'

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string
  error?: string | null
  /** Shown under the field and read with it (requirements, what happens to the value). */
  hint?: string
  testId?: string
  inputRef?: Ref<HTMLInputElement>
}

/** A labelled input whose error and hint are tied to it for assistive technology. */
export function TextField({ label, error, hint, testId, inputRef, ...input }: TextFieldProps) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        {...input}
        ref={inputRef}
        id={id}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  )
}

interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  label: string
  error?: string | null
  hint?: string
  testId?: string
}

/** TextField's counterpart for text of several lines (a note, a description). */
export function TextAreaField({ label, error, hint, testId, ...textarea }: TextAreaFieldProps) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea {...textarea} id={id} data-testid={testId} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  )
}

/** The ids of a field's hint and error, for its aria-describedby (none when it has neither). */
export function describedBy(id: string, hint?: string | null, error?: string | null): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
}

/** Under a field: its hint, then anything else to say (`children`), then its error, read out at once. */
export function FieldNotes({ id, hint, error, children }: { id: string; hint?: string | null; error?: string | null; children?: ReactNode }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p id={`${id}-error`} className="field__error" role="alert">
          {error}
        </p>
      )}
    </>
  )
}
