/**
 * The canary as a process of its own (tests/helpers/limits.ts `canaryProcess`): two clients of
 * one draft, one adding a paragraph and waiting until the server says it is saved and the other
 * client has it, again and again, printing each round trip's milliseconds as a line. Apart from
 * the test's process, whose own work (building an abuse) would otherwise count as the server's.
 * Arguments: wsUrl cookie draftId.
 */
import { connectClient } from './clients.ts'
import { waitFor } from './wait.ts'

const [wsUrl, cookie, draft] = process.argv.slice(2)
if (!wsUrl || !cookie || !draft) throw new Error('usage: canary-child.ts wsUrl cookie draftId')
const endpoint = { wsUrl, cookie }
const writer = connectClient(endpoint, draft)
const reader = connectClient(endpoint, draft)
await Promise.all([writer.waitSynced(30_000), reader.waitSynced(30_000)])
process.stdout.write('ready\n')
let stopping = false
process.on('SIGTERM', () => (stopping = true))
for (let n = 0; !stopping; n++) {
  const text = `canario ${n}`
  const started = performance.now()
  writer.addParagraph(text)
  await writer.waitSaved(30_000)
  await waitFor(() => reader.paragraphs().includes(text), `the canary edit ${n} to reach the reader`, { timeoutMs: 30_000 })
  process.stdout.write(`${Math.round(performance.now() - started)}\n`)
}
writer.destroy()
reader.destroy()
process.exit(0)
