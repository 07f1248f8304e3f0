/**
 * `pnpm consenso <command>`: administration from the command line.
 * The accounts issue adds `user`, `delegation`, `invite` and `demo`.
 */
import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { mkdirSync } from 'node:fs'
import { migrateSqlite, SQLITE_FILE_NAME } from './storage/sqlite.ts'

const USAGE = `Usage: pnpm consenso <command>

Commands:
  migrate     apply pending storage migrations to DATA_DIR (also done at every start)
  help        show this text
`

function main(argv: string[]): number {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} })
  const [command] = positionals
  switch (command) {
    case 'migrate': {
      const dataDir = resolve(process.env.DATA_DIR || './data')
      mkdirSync(dataDir, { recursive: true })
      const db = new Database(join(dataDir, SQLITE_FILE_NAME))
      const applied = migrateSqlite(db)
      db.close()
      console.log(applied.length ? `applied migrations ${applied.join(', ')} in ${dataDir}` : `${dataDir} is up to date`)
      return 0
    }
    case undefined:
    case 'help':
      console.log(USAGE)
      return command ? 0 : 2
    default:
      console.error(`consenso: unknown command "${command}"\n\n${USAGE}`)
      return 2
  }
}

process.exitCode = main(process.argv.slice(2))
