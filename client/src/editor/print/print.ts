/**
 * Printing a draft. The print stylesheet (print.css) shows the text as on paper; which view
 * it prints is an attribute on <html>: absent (Ctrl+P, the browser's menu) the clean text, as
 * the clean export reads (proposed words left out, words proposed for deletion kept, no
 * comments); `marked`, the text with its proposals marked as on screen. The attribute lasts
 * one print.
 */
export type PrintView = 'clean' | 'marked'

export const PRINT_ATTRIBUTE = 'data-print'

export function printDraft(view: PrintView): void {
  const root = document.documentElement
  if (view === 'marked') root.setAttribute(PRINT_ATTRIBUTE, 'marked')
  else root.removeAttribute(PRINT_ATTRIBUTE)
  const done = (): void => {
    root.removeAttribute(PRINT_ATTRIBUTE)
    window.removeEventListener('afterprint', done)
  }
  window.addEventListener('afterprint', done)
  window.print()
}
