/**
 * `pnpm consenso <command>`: administration from the command line, on the storage that
 * DATA_DIR (and the other variables of README.md's configuration table) select.
 */
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline'

import { resolve } from 'node:path'
import { configFromEnv, ConfigError, describeStorage, invocationDir, type ServerConfig } from './config.ts'
import { openStorage } from './storage/open.ts'
import { explainStorageError } from './storage/explain.ts'
import type { Storage } from './storage/storage.ts'
import { createInvitation, invitationUrl, newUserRecord, normaliseEmail } from './auth/accounts.ts'
import { PASSWORD_MIN_LENGTH } from './auth/passwords.ts'
import { DemoRefusedError, loadDemo } from './demo.ts'
import { BackupError, backupSqlite, restoreSqlite } from './backup.ts'
import { publishControlOnce } from './fanout/redis.ts'
import { sendOnce } from './notify/mailer.ts'
import { invitationMail } from './notify/wording.ts'
import { delegationColourProblems, describeColourProblem } from '@consenso/protocol'

const USAGE = `Usage: pnpm consenso <command> [options]

Commands:
  user add --email E --name N --delegation CODE [--admin]
                         create an account; the password is read from standard input
  user list              list accounts
  user disable --email E disable an account and end its sessions
  delegation add --code CODE --name-es NAME --name-en NAME --kind country|secretariat|organisation [--color #RRGGBB]
  delegation list        list delegations
  invite --delegation CODE [--email E] [--admin] [--language es|en]
                         print a single-use invitation link (valid 7 days)
  demo                   load a demo workspace into an empty DATA_DIR and print its accounts
  migrate                apply pending storage migrations (also done at every start)
  backup --out FILE [--force]
                         a consistent copy of the SQLite database, taken while the server runs
  restore FILE [--force] put a backup in place as DATA_DIR's database (an empty DATA_DIR, or
                         with --force over a stopped server's data, which is kept aside)
  help                   show this text
`

class UsageError extends Error {}

const OPTIONS = {
  email: { type: 'string' },
  name: { type: 'string' },
  delegation: { type: 'string' },
  admin: { type: 'boolean' },
  code: { type: 'string' },
  'name-es': { type: 'string' },
  'name-en': { type: 'string' },
  kind: { type: 'string' },
  color: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  language: { type: 'string' },
} as const

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name]
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`)
  return value.trim()
}

/** Reads one line: the password, typed at a prompt without echo, or piped in. */
async function readPassword(): Promise<string> {
  const input = process.stdin
  // At a terminal the typed password is visible; pipe it in to keep it off the screen.
  if (input.isTTY) process.stderr.write('Password (visible as you type): ')
  const lines = createInterface({ input, terminal: false })
  for await (const line of lines) {
    lines.close()
    if (input.isTTY) process.stderr.write('\n')
    return line
  }
  return ''
}

async function run(command: string[], values: Record<string, unknown>, storage: Storage, config: ServerConfig): Promise<void> {
  const [group, action] = command
  const print = (line: string): void => void process.stdout.write(`${line}\n`)
  switch (`${group} ${action ?? ''}`.trim()) {
    case 'user add': {
      const delegation = required(values, 'delegation')
      if (!(await storage.delegations.getDelegation(delegation))) throw new UsageError(`there is no delegation ${delegation} (see: delegation list)`)
      const email = normaliseEmail(required(values, 'email'))
      if (await storage.accounts.getUserByEmail(email)) throw new UsageError(`an account with ${email} already exists`)
      const password = await readPassword()
      if (password.length < PASSWORD_MIN_LENGTH) throw new UsageError(`the password must have at least ${PASSWORD_MIN_LENGTH} characters`)
      const user = await newUserRecord({ email, name: required(values, 'name'), delegation, admin: values.admin === true, password })
      await storage.accounts.createUser(user)
      await storage.audit.appendAudit({ at: new Date().toISOString(), action: 'user.created', actorId: null, actorDelegation: null, documentId: null, target: user.email, ip: null, details: { via: 'cli', admin: user.admin } })
      return print(`created ${user.email} (${user.delegation}${user.admin ? ', administrator' : ''})`)
    }
    case 'user list':
      for (const user of await storage.accounts.listUsers()) {
        print([user.email, user.name, user.delegation, user.admin ? 'admin' : '', user.disabled ? 'disabled' : ''].filter(Boolean).join('\t'))
      }
      return
    case 'user disable': {
      const user = await storage.accounts.getUserByEmail(required(values, 'email'))
      if (!user) throw new UsageError('no such account')
      await storage.accounts.updateUser(user.id, { disabled: true })
      const ended = await storage.accounts.deleteUserSessions(user.id)
      await storage.audit.appendAudit({ at: new Date().toISOString(), action: 'user.updated', actorId: null, actorDelegation: null, documentId: null, target: user.id, ip: null, details: { via: 'cli', disabled: true } })
      print(`disabled ${user.email}; ended ${ended.length} session(s)`)
      // Running instances hear it now through Redis; without Redis each finds it within
      // SESSION_RECHECK_SECONDS (REVOKE-1, REVOKE-2).
      if (config.redisUrl && ended.length > 0) {
        try {
          await publishControlOnce(config.redisUrl, { kind: 'sessions', sessionHashes: ended })
          return print('their open connections on every running instance were closed')
        } catch (error) {
          return print(`could not reach Redis (${(error as Error).message}); open connections end within ${config.sessionRecheckMs / 1000} s`)
        }
      }
      return print(`open connections on a running server end within ${config.sessionRecheckMs / 1000} s`)
    }
    case 'delegation add': {
      const code = required(values, 'code').toUpperCase()
      const kind = required(values, 'kind')
      if (kind !== 'country' && kind !== 'secretariat' && kind !== 'organisation') throw new UsageError('--kind must be country, secretariat or organisation')
      const color = typeof values.color === 'string' ? values.color : '#4b5563'
      if (!/^#[0-9a-fA-F]{6}$/.test(color)) throw new UsageError('--color must look like #1f5fa8')
      const problem = delegationColourProblems(color)[0]
      if (problem) throw new UsageError(`--color ${describeColourProblem(color, problem)}`)
      if (!/^[A-Z][A-Z0-9-]{1,15}$/.test(code)) throw new UsageError('--code must be 2 to 16 capital letters, digits or dashes')
      if (await storage.delegations.getDelegation(code)) throw new UsageError(`the delegation ${code} already exists`)
      await storage.delegations.createDelegation({ code, nameEs: required(values, 'name-es'), nameEn: required(values, 'name-en'), kind, color })
      await storage.audit.appendAudit({ at: new Date().toISOString(), action: 'delegation.created', actorId: null, actorDelegation: null, documentId: null, target: code, ip: null, details: { via: 'cli' } })
      return print(`created delegation ${code}`)
    }
    case 'delegation list':
      for (const d of await storage.delegations.listDelegations()) print([d.code, d.kind, d.nameEs, d.nameEn].join('\t'))
      return
    case 'invite': {
      const delegation = required(values, 'delegation')
      if (!(await storage.delegations.getDelegation(delegation))) throw new UsageError(`there is no delegation ${delegation} (see: delegation list)`)
      const email = typeof values.email === 'string' ? values.email : null
      if (values.language !== undefined && values.language !== 'es' && values.language !== 'en') throw new UsageError('--language must be es or en')
      const { token, expiresAt } = await createInvitation(storage, { delegation, email, admin: values.admin === true, createdBy: null })
      await storage.audit.appendAudit({ at: new Date().toISOString(), action: 'invitation.created', actorId: null, actorDelegation: null, documentId: null, target: email, ip: null, details: { via: 'cli', delegation } })
      const origin = config.publicOrigins[0] ?? `http://${config.host}:${config.port}`
      const url = invitationUrl(origin, token)
      print(url)
      print(`(single use, valid until ${expiresAt})`)
      // NOTIFY-23: with SMTP_URL the invitee also gets the link by e-mail; it stays printed, in case.
      if (!email || !config.smtpUrl) return
      try {
        await sendOnce(config.smtpUrl, config.mailFrom, invitationMail(email, values.language === 'en' ? 'en' : 'es', delegation, url, expiresAt))
        return print(`e-mailed to ${email}`)
      } catch (error) {
        process.stderr.write(`consenso: could not e-mail the invitation (${(error as Error).message}); hand over the link above\n`)
        return
      }
    }
    case 'demo': {
      const accounts = await loadDemo(storage)
      print(`Demo workspace written to ${describeStorage(config.storage)}:`)
      print('the CRM–CSM ad-hoc group, a joint declaration and meeting minutes.')
      print('Accounts (keep these passwords; they are not shown again):\n')
      for (const a of accounts) print(`  ${a.email.padEnd(34)} ${a.password}   ${a.name} (${a.delegation}${a.admin ? ', administrator' : ''})`)
      // Same variables, same data: a start without them would open another (empty) folder.
      const same = config.storage.kind === 'sqlite' && process.env.DATA_DIR ? `DATA_DIR=${process.env.DATA_DIR} ` : ''
      return print(`\nNow run \`${same}pnpm start\` (from this folder) and sign in with one of them.`)
    }
    case 'migrate':
      // Opening the storage applied every pending migration.
      return print(`storage in ${describeStorage(config.storage)} is up to date`)
    default:
      throw new UsageError(`unknown command "${command.join(' ')}"`)
  }
}

/** backup and restore work on the database file itself, before (or instead of) opening storage. */
async function backupCommand(command: string[], values: Record<string, unknown>, config: ServerConfig): Promise<number> {
  const fail = (message: string, code = 2): number => {
    process.stderr.write(`consenso: ${message}\n`)
    return code
  }
  if (config.storage.kind === 'postgres') return fail('with DATABASE_URL the data is in Postgres: back it up with pg_dump and restore with pg_restore (see docs/deployment.md)')
  if (config.storage.kind === 'memory') return fail('STORAGE=memory keeps nothing to back up')
  const dataDir = config.storage.dataDir
  const force = values.force === true
  const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`
  try {
    if (command[0] === 'backup') {
      if (command.length !== 1) return fail('usage: backup --out FILE [--force]')
      const out = typeof values.out === 'string' && values.out.trim() !== '' ? values.out : null
      if (!out) return fail('--out FILE is required (where to write the backup)')
      const summary = await backupSqlite(dataDir, resolve(invocationDir(process.env), out), { force })
      process.stdout.write(`backup of ${dataDir} written to ${summary.file} (${mb(summary.bytes)}; ${summary.drafts} drafts, ${summary.accounts} accounts; integrity checked)\n`)
      return 0
    }
    if (command.length !== 2) return fail('usage: restore FILE [--force]')
    const summary = await restoreSqlite(resolve(invocationDir(process.env), command[1]!), dataDir, { force })
    if (summary.keptAside) process.stdout.write(`the previous database was moved to ${summary.keptAside}\n`)
    // Opening it applies the migrations a backup from an older version lacks.
    const storage = await openStorage(config.storage)
    await storage.close()
    process.stdout.write(`restored ${summary.drafts} drafts and ${summary.accounts} accounts into ${dataDir}; start the server with the same DATA_DIR\n`)
    return 0
  } catch (error) {
    if (error instanceof BackupError) return fail(error.message, 1)
    throw error
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS })
  } catch (error) {
    process.stderr.write(`consenso: ${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  const command = parsed.positionals
  if (command.length === 0 || command[0] === 'help') {
    process.stdout.write(USAGE)
    return command.length === 0 ? 2 : 0
  }
  let config: ServerConfig
  try {
    config = configFromEnv(process.env, fileURLToPath(new URL('../../', import.meta.url)))
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`consenso: ${error.message}\n`)
      return 2
    }
    throw error
  }
  if (command[0] === 'backup' || command[0] === 'restore') return backupCommand(command, parsed.values, config)
  let storage: Storage
  try {
    storage = await openStorage(config.storage)
  } catch (error) {
    // Postgres may simply be unreachable: say so in one line, not with a stack trace.
    process.stderr.write(`consenso: could not open storage (${describeStorage(config.storage)}): ${explainStorageError(error)}\n`)
    return 1
  }
  try {
    await run(command, parsed.values, storage, config)
    return 0
  } catch (error) {
    if (error instanceof DemoRefusedError) {
      process.stderr.write(`consenso: ${error.message} (data: ${describeStorage(config.storage)})\n`)
      return 2
    }
    if (error instanceof UsageError) {
      process.stderr.write(`consenso: ${error.message}\n`)
      return 2
    }
    throw error
  } finally {
    await storage.close()
  }
}

process.exitCode = await main(process.argv.slice(2))
