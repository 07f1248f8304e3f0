/**
 * Words a screen reader says inside the text, where the eye sees colour, underlines or square
 * brackets (A11Y-40): "[insertion suggested by Lucía Hernández (MEX):]" … "[end of insertion]".
 * Drawn by the editor's decorations (widgets), never part of the document: copying, finding,
 * exporting and counting read the document, not these.
 */

/** A visually hidden piece of text for screen readers, which the caret steps over. */
export function spokenText(text: string): HTMLElement {
  const element = document.createElement('span')
  element.className = 'visually-hidden spoken-mark'
  element.contentEditable = 'false'
  element.dataset.spoken = ''
  // Spaces around it: a reader must not run it into the neighbouring words.
  element.textContent = ` ${text} `
  return element
}
