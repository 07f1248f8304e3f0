/**
 * Outside programs the converter tests read files back with (pandoc, xmllint, pdftoppm,
 * pdftotext) or save them again with (LibreOffice's soffice). Under CI=true a missing one
 * fails the suite; elsewhere the checks that need it are skipped with the reason printed.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll } from 'vitest'

/** The Akoma Ntoso 3.0 schema every AKN export must validate against. */
const AKN_SCHEMA = fileURLToPath(new URL('../fixtures/akn/akomantoso30.xsd', import.meta.url))

/**
 * What xmllint finds wrong with `xml` against the Akoma Ntoso 3.0 schema, '' when it is valid:
 * a failing `toBe('')` then shows the schema's complaint rather than only that the run failed.
 * Needs xmllint (requireTool('xmllint', 'libxml2-utils')).
 */
export function aknSchemaErrors(xml: Uint8Array | string): string {
  try {
    execFileSync('xmllint', ['--noout', '--schema', AKN_SCHEMA, '-'], { input: xml, stdio: 'pipe' })
    return ''
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error)
  }
}

export function hasTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** True when the tool is there; throws under CI when it is not; otherwise says it will be skipped. */
export function requireTool(name: string, debianPackage: string): boolean {
  if (hasTool(name)) return true
  const message = `${name} is not installed (apt-get install ${debianPackage}); the checks that need it are skipped`
  if (process.env.CI === 'true') throw new Error(`${message.split(';')[0]}: required under CI`)
  console.warn(message)
  return false
}

/**
 * Opens a .docx in LibreOffice Writer and saves it again as .docx (`soffice --headless
 * --convert-to docx`), as a delegation using LibreOffice would. Each call has its own profile
 * folder (-env:UserInstallation) so parallel runs do not fight over one.
 */
export function libreOfficeResave(docx: Uint8Array): Uint8Array {
  return libreOfficeResaveMany([docx])[0]!
}

/** Several files through one LibreOffice start (each start costs seconds). */
export function libreOfficeResaveMany(files: Uint8Array[]): Uint8Array[] {
  const dir = mkdtempSync(join(tmpdir(), 'consenso-soffice-'))
  try {
    mkdirSync(join(dir, 'in'))
    const names = files.map((docx, i) => {
      const name = join(dir, 'in', `draft-${i}.docx`)
      writeFileSync(name, docx)
      return name
    })
    execFileSync(
      'soffice',
      ['--headless', '--norestore', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'docx:MS Word 2007 XML', '--outdir', join(dir, 'out'), ...names],
      { stdio: 'pipe', timeout: 180_000 + 30_000 * files.length },
    )
    return files.map((_, i) => new Uint8Array(readFileSync(join(dir, 'out', `draft-${i}.docx`))))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Opens a spreadsheet (.xlsx) in LibreOffice Calc and saves its first sheet as CSV (comma
 * separated, double quotes, UTF-8: filter options 44,34,76), as an independent reader of what
 * our writer produced. Needs the Calc component (libreoffice-calc-nogui, or libreoffice-calc).
 */
export function libreOfficeSheetToCsv(xlsx: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'consenso-soffice-'))
  try {
    mkdirSync(join(dir, 'in'))
    writeFileSync(join(dir, 'in', 'sheet.xlsx'), xlsx)
    execFileSync(
      'soffice',
      ['--headless', '--norestore', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', join(dir, 'out'), join(dir, 'in', 'sheet.xlsx')],
      { stdio: 'pipe', timeout: 180_000 },
    )
    return readFileSync(join(dir, 'out', 'sheet.csv'), 'utf8')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * A temporary folder, removed after the test file, and a writer of numbered files in it
 * (`file('docx', bytes)` returns the new file's path).
 */
export function tempFiles(prefix: string): { folder: string; file(extension: string, data: Uint8Array | string): string } {
  const folder = mkdtempSync(join(tmpdir(), prefix))
  afterAll(() => rmSync(folder, { recursive: true, force: true }))
  let fileNumber = 0
  return {
    folder,
    file(extension, data) {
      const path = join(folder, `f${++fileNumber}.${extension}`)
      writeFileSync(path, data)
      return path
    },
  }
}
