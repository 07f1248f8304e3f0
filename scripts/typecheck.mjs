/**
 * pnpm typecheck: every package's `tsc --noEmit`, as many at once as the machine has cores
 * (one after another they took over 40 s on two cores; the client and the tests alone are most
 * of it), incrementally (a repeat run takes seconds). Each project's errors are printed together,
 * after it ends; any failure fails the run.
 */
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
// Slowest first, so the long ones do not start last.
const PROJECTS = ['client', 'tests', 'server', 'packages/convert', 'packages/schema', 'packages/protocol']

function check(project) {
  return new Promise((resolve) => {
    // Incremental: what tsc learnt last time (kept under node_modules, never committed) lets it
    // re-check only what changed since; a fresh clone pays the full check once.
    const buildInfo = `node_modules/.cache/typecheck/${project.replaceAll('/', '-')}.tsbuildinfo`
    const child = spawn(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project, '--incremental', '--tsBuildInfoFile', buildInfo], { cwd: root })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) => resolve({ project, ok: code === 0, output }))
  })
}

const queue = [...PROJECTS]
const results = []
const worker = async () => {
  for (let project = queue.shift(); project !== undefined; project = queue.shift()) {
    const result = await check(project)
    if (!result.ok) process.stdout.write(`tsc -p ${project}:\n${result.output}`)
    results.push(result)
  }
}
await Promise.all(Array.from({ length: Math.min(availableParallelism(), PROJECTS.length) }, worker))
const failed = results.filter((r) => !r.ok).map((r) => r.project)
if (failed.length > 0) {
  console.error(`typecheck failed in ${failed.join(', ')}`)
  process.exit(1)
}
