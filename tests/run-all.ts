/**
 * `pnpm test`: every check of the project in one run, ending with the line
 * `N passed, N failed` that CI reads. Static checks (types, lint, the client and server build) count as
 * one test each; every vitest test (unit, integration, e2e) counts as itself.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { postgresUnavailable } from './helpers/postgres.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const artifacts = join(root, 'tests/.artifacts')
mkdirSync(artifacts, { recursive: true })

let passed = 0
let failed = 0
const failures: string[] = []

function step(name: string, command: string, args: string[]): boolean {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env })
  const ok = result.status === 0
  if (ok) passed++
  else {
    failed++
    failures.push(name)
  }
  console.log(`${ok ? '✔' : '✘'} ${name}`)
  return ok
}

step('typecheck', 'pnpm', ['--silent', 'typecheck'])
step('lint', 'pnpm', ['--silent', 'lint'])
step('build (client and server)', 'pnpm', ['--silent', 'build'])

// Outside CI a machine without Postgres skips the Postgres run of the integration suites, and
// says so; under CI the suites themselves fail when Postgres is missing.
const projects: string[] = []
const postgresMissing = process.env.CI === 'true' ? null : await postgresUnavailable()
if (postgresMissing) {
  console.log(`\n(skipping the integration-postgres project: ${postgresMissing})`)
  projects.push('--project', 'unit', '--project', 'integration', '--project', 'load', '--project', 'e2e')
}

const report = join(artifacts, 'vitest.json')
rmSync(report, { force: true })
const extra = process.argv.slice(2)
console.log('\n▶ vitest (unit, integration, integration-postgres, load, e2e)')
spawnSync(
  'pnpm',
  ['exec', 'vitest', 'run', '--config', 'tests/vitest.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...projects, ...extra],
  { cwd: root, stdio: 'inherit', env: process.env },
)
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number
    numFailedTests: number
    numPendingTests: number
    numTodoTests: number
    numFailedTestSuites: number
    testResults: { name: string; status: string; message?: string; assertionResults: { status: string; fullName: string }[] }[]
  }
  passed += results.numPassedTests
  failed += results.numFailedTests
  for (const file of results.testResults) {
    for (const test of file.assertionResults) if (test.status === 'failed') failures.push(test.fullName)
    // A file that fails to load has no test results of its own but must not pass silently.
    if (file.status === 'failed' && file.assertionResults.every((t) => t.status !== 'failed')) {
      failed++
      failures.push(`${file.name}: ${file.message?.split('\n')[0] ?? 'failed to run'}`)
    }
  }
  const skipped = results.numPendingTests + results.numTodoTests
  if (skipped > 0) console.log(`\n${skipped} test(s) skipped (see the reasons printed above).`)
} else {
  failed++
  failures.push('vitest produced no report (it crashed before finishing)')
}

if (failures.length > 0) {
  console.log('\nFailed:')
  for (const name of failures) console.log(`  ✘ ${name}`)
}
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
