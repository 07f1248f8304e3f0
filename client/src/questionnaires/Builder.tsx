/**
 * Building a questionnaire (UI-QUEST-1): titles in both languages, sections, questions of five
 * kinds with help text and "required", choices and table columns written one per line as
 * "Spanish | English", addressees chosen one by one or by party group (CRM, CSM), a deadline.
 */
import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { QUESTION_KINDS, type Question, type QuestionKind, type QuestionnaireRequest, type QuestionOption, type QuestionSection } from '@consenso/protocol'
import { describeError } from '../api.ts'
import { groupName, usePartyGroups } from '../admin/party-groups.ts'
import { delegationLabel, useDelegations } from '../delegations.ts'

let counter = 0
const localId = (prefix: string): string => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`

const emptyQuestion = (): Question => ({ id: localId('q'), kind: 'text', required: false, label: { es: '', en: '' }, help: { es: '', en: '' }, options: [], columns: [] })
const emptySection = (): QuestionSection => ({ id: localId('s'), title: { es: '', en: '' }, questions: [emptyQuestion()] })

/** "Sí | Yes" lines to choices, keeping the ids of lines already there. */
function parseLines(text: string, previous: QuestionOption[]): QuestionOption[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line, index) => {
      const [es = '', en = ''] = line.split('|').map((part) => part.trim())
      return { id: previous[index]?.id ?? localId('o'), label: { es, en: en || es } }
    })
}
const linesOf = (options: QuestionOption[]): string => options.map((o) => (o.label.es === o.label.en ? o.label.es : `${o.label.es} | ${o.label.en}`)).join('\n')

/** An ISO time as the value of a datetime-local field (local time), and back. */
const toLocalInput = (iso: string | null): string => {
  if (!iso) return ''
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}
export const fromLocalInput = (value: string): string | null => (value ? new Date(value).toISOString() : null)

export function Builder({ initial, onSave, saveLabel }: { initial?: QuestionnaireRequest; onSave: (value: QuestionnaireRequest) => Promise<void>; saveLabel: string }) {
  const { t, i18n } = useTranslation()
  const ids = useId()
  const [value, setValue] = useState<QuestionnaireRequest>(initial ?? { title: { es: '', en: '' }, sections: [emptySection()], addressees: [], deadline: null })
  const [lines, setLines] = useState<Record<string, string>>(() =>
    Object.fromEntries((initial?.sections ?? []).flatMap((s) => s.questions.map((q) => [q.id, linesOf(q.kind === 'table' ? q.columns : q.options)]))),
  )
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const delegations = useDelegations()
  const { state: groups } = usePartyGroups()

  const setSection = (index: number, change: Partial<QuestionSection>) =>
    setValue((v) => ({ ...v, sections: v.sections.map((s, i) => (i === index ? { ...s, ...change } : s)) }))
  const setQuestion = (si: number, qi: number, change: Partial<Question>) =>
    setValue((v) => ({ ...v, sections: v.sections.map((s, i) => (i === si ? { ...s, questions: s.questions.map((q, j) => (j === qi ? { ...q, ...change } : q)) } : s)) }))
  const toggle = (code: string, on: boolean) => setValue((v) => ({ ...v, addressees: on ? [...new Set([...v.addressees, code])] : v.addressees.filter((c) => c !== code) }))

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    // Choices and columns from their lines; nothing a kind does not use.
    const sections = value.sections.map((s) => ({
      ...s,
      title: { es: s.title.es.trim() || value.title.es, en: s.title.en.trim() || value.title.en },
      questions: s.questions.map((q) => {
        const parsed = parseLines(lines[q.id] ?? '', q.kind === 'table' ? q.columns : q.options)
        return { ...q, options: q.kind === 'single' || q.kind === 'multiple' ? parsed : [], columns: q.kind === 'table' ? parsed : [] }
      }),
    }))
    try {
      await onSave({ ...value, sections })
    } catch (e) {
      setError(describeError(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="quest-builder" onSubmit={(e) => void submit(e)} data-testid="quest-builder">
      <div className="quest-builder__row">
        <label htmlFor={`${ids}-tes`}>{t('questionnaires.titleEs')}</label>
        <input id={`${ids}-tes`} required value={value.title.es} onChange={(e) => setValue((v) => ({ ...v, title: { ...v.title, es: e.target.value } }))} />
        <label htmlFor={`${ids}-ten`}>{t('questionnaires.titleEn')}</label>
        <input id={`${ids}-ten`} required value={value.title.en} onChange={(e) => setValue((v) => ({ ...v, title: { ...v.title, en: e.target.value } }))} />
      </div>
      {value.sections.map((section, si) => (
        <fieldset key={section.id} className="quest-builder__section">
          <legend>{t('questionnaires.sectionN', { n: si + 1 })}</legend>
          <div className="quest-builder__row">
            <label htmlFor={`${ids}-${section.id}-es`}>{t('questionnaires.sectionTitleEs', { n: si + 1 })}</label>
            <input id={`${ids}-${section.id}-es`} value={section.title.es} onChange={(e) => setSection(si, { title: { ...section.title, es: e.target.value } })} />
            <label htmlFor={`${ids}-${section.id}-en`}>{t('questionnaires.sectionTitleEn', { n: si + 1 })}</label>
            <input id={`${ids}-${section.id}-en`} value={section.title.en} onChange={(e) => setSection(si, { title: { ...section.title, en: e.target.value } })} />
          </div>
          {section.questions.map((q, qi) => {
            const n = value.sections.slice(0, si).reduce((sum, s) => sum + s.questions.length, 0) + qi + 1
            const f = `${ids}-${q.id}`
            return (
              <fieldset key={q.id} className="quest-builder__question" data-testid={`builder-question-${n}`}>
                <legend>{t('questionnaires.questionN', { n })}</legend>
                <div className="quest-builder__row">
                  <label htmlFor={`${f}-kind`}>{t('questionnaires.kindOf', { n })}</label>
                  <select id={`${f}-kind`} value={q.kind} onChange={(e) => setQuestion(si, qi, { kind: e.target.value as QuestionKind })}>
                    {QUESTION_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`questionnaires.kinds.${k}`)}
                      </option>
                    ))}
                  </select>
                  <label className="quest-builder__check">
                    <input type="checkbox" checked={q.required} onChange={(e) => setQuestion(si, qi, { required: e.target.checked })} /> {t('questionnaires.requiredN', { n })}
                  </label>
                </div>
                <div className="quest-builder__row">
                  <label htmlFor={`${f}-les`}>{t('questionnaires.labelEs', { n })}</label>
                  <input id={`${f}-les`} required value={q.label.es} onChange={(e) => setQuestion(si, qi, { label: { ...q.label, es: e.target.value } })} />
                  <label htmlFor={`${f}-len`}>{t('questionnaires.labelEn', { n })}</label>
                  <input id={`${f}-len`} required value={q.label.en} onChange={(e) => setQuestion(si, qi, { label: { ...q.label, en: e.target.value } })} />
                </div>
                <div className="quest-builder__row">
                  <label htmlFor={`${f}-hes`}>{t('questionnaires.helpEs', { n })}</label>
                  <input id={`${f}-hes`} value={q.help.es} onChange={(e) => setQuestion(si, qi, { help: { ...q.help, es: e.target.value } })} />
                  <label htmlFor={`${f}-hen`}>{t('questionnaires.helpEn', { n })}</label>
                  <input id={`${f}-hen`} value={q.help.en} onChange={(e) => setQuestion(si, qi, { help: { ...q.help, en: e.target.value } })} />
                </div>
                {(q.kind === 'single' || q.kind === 'multiple' || q.kind === 'table') && (
                  <div className="quest-builder__row quest-builder__row--wide">
                    <label htmlFor={`${f}-lines`}>{t(q.kind === 'table' ? 'questionnaires.columnsOf' : 'questionnaires.choicesOf', { n })}</label>
                    <textarea id={`${f}-lines`} rows={3} value={lines[q.id] ?? ''} onChange={(e) => setLines((l) => ({ ...l, [q.id]: e.target.value }))} aria-describedby={`${f}-lines-hint`} />
                    <small id={`${f}-lines-hint`}>{t('questionnaires.linesHint')}</small>
                  </div>
                )}
                {section.questions.length > 1 && (
                  <button type="button" className="button button--quiet" onClick={() => setSection(si, { questions: section.questions.filter((_, j) => j !== qi) })}>
                    {t('questionnaires.removeQuestion', { n })}
                  </button>
                )}
              </fieldset>
            )
          })}
          <button type="button" className="button" onClick={() => setSection(si, { questions: [...section.questions, emptyQuestion()] })}>
            {t('questionnaires.addQuestion')}
          </button>
        </fieldset>
      ))}
      <p>
        <button type="button" className="button" onClick={() => setValue((v) => ({ ...v, sections: [...v.sections, emptySection()] }))}>
          {t('questionnaires.addSection')}
        </button>
      </p>
      <fieldset className="quest-builder__addressees">
        <legend>{t('questionnaires.addressees')}</legend>
        {groups.kind === 'ready' && groups.value.length > 0 && (
          <p className="quest-builder__groups">
            {groups.value.map((g) => (
              <button key={g.id} type="button" className="button button--quiet" onClick={() => setValue((v) => ({ ...v, addressees: [...new Set([...v.addressees, ...g.members])] }))}>
                {t('questionnaires.addGroup', { group: groupName(g, i18n.language) })}
              </button>
            ))}
          </p>
        )}
        <div className="quest-builder__codes">
          {delegations.kind === 'ready' &&
            delegations.delegations
              .filter((d) => d.kind !== 'secretariat')
              .map((d) => (
                <label key={d.code} className="quest-builder__check">
                  <input type="checkbox" checked={value.addressees.includes(d.code)} onChange={(e) => toggle(d.code, e.target.checked)} /> {delegationLabel(d, i18n.language)}
                </label>
              ))}
        </div>
      </fieldset>
      <div className="quest-builder__row">
        <label htmlFor={`${ids}-deadline`}>{t('questionnaires.deadline')}</label>
        <input id={`${ids}-deadline`} type="datetime-local" value={toLocalInput(value.deadline)} onChange={(e) => setValue((v) => ({ ...v, deadline: fromLocalInput(e.target.value) }))} />
      </div>
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}
      <p>
        <button type="submit" className="button button--primary" disabled={busy}>
          {saveLabel}
        </button>
      </p>
    </form>
  )
}
