/**
 * Outside programs the converter tests read files back with (pandoc, xmllint, pdftoppm,
 * pdftotext). Under CI=true a missing one fails the suite; elsewhere the checks that need it
 * are skipped with the reason printed.
 */
import { execFileSync } from 'node:child_process'

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
