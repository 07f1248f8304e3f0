/**
 * Forward-only schema migrations for the SQLite store. A migration, once released, is never
 * edited: add a new one. `schema_migrations` records which have run.
 */
import type Database from 'better-sqlite3'
import { DELEGATIONS, PREVIOUS_DELEGATION_COLORS } from '@consenso/protocol'
import { SEED_PARTY_GROUPS } from './party-groups.ts'
import { ALIASES_MIGRATION_SQL } from './aliases-sql.ts'
import { QUESTIONNAIRES_MIGRATION_SQL } from './questionnaires-sql.ts'
import { PRACTICES_MIGRATION_SQL } from './practices-sql.ts'
import { GLOSSARY_MIGRATION_SQL } from './glossary-sql.ts'
import { FOCAL_POINTS_MIGRATION_SQL } from './focal-points-sql.ts'
import { SQLITE_SEARCH_ACCESS_MIGRATION_SQL, SQLITE_SEARCH_MIGRATION_SQL } from './sqlite/search.ts'

export interface Migration {
  version: number
  name: string
  sql: string
  /**
   * Runs after `sql`, in the same transaction, for what plain SQL cannot say well: rows taken
   * from a TypeScript list, bound as parameters so no value needs quoting.
   */
  run?: (db: Database.Database) => void
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'documents and yjs logs',
    sql: `
      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        template TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX documents_updated_at ON documents (updated_at DESC);

      -- The append-only log. seq orders every write across all documents.
      CREATE TABLE doc_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id TEXT NOT NULL REFERENCES documents (id),
        name TEXT NOT NULL CHECK (name IN ('body', 'meta')),
        data BLOB NOT NULL
      );
      CREATE INDEX doc_updates_by_doc ON doc_updates (document_id, name, seq);

      CREATE TABLE doc_snapshots (
        document_id TEXT NOT NULL REFERENCES documents (id),
        name TEXT NOT NULL CHECK (name IN ('body', 'meta')),
        data BLOB NOT NULL,
        PRIMARY KEY (document_id, name)
      );
    `,
  },  {
    version: 2,
    name: 'accounts, sessions, invitations, membership, audit',
    sql: `
      CREATE TABLE delegations (
        code TEXT PRIMARY KEY,
        name_es TEXT NOT NULL,
        name_en TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('country', 'secretariat', 'organisation')),
        color TEXT NOT NULL
      );

      -- email is stored lower-cased by the application: SQLite's lower() and NOCASE fold
      -- only ASCII, so the uniqueness of addresses with accents depends on that.
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        delegation TEXT NOT NULL REFERENCES delegations (code),
        admin INTEGER NOT NULL CHECK (admin IN (0, 1)),
        disabled INTEGER NOT NULL CHECK (disabled IN (0, 1)),
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions (user_id);
      CREATE INDEX sessions_by_expiry ON sessions (expires_at);

      -- created_by and accepted_by name users but have no foreign key: the command line
      -- invites without a user, and an invitation's history should not pin an account.
      CREATE TABLE invitations (
        token_hash TEXT PRIMARY KEY,
        delegation TEXT NOT NULL REFERENCES delegations (code),
        email TEXT NULL,
        admin INTEGER NOT NULL CHECK (admin IN (0, 1)),
        created_by TEXT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        accepted_at TEXT NULL,
        accepted_by TEXT NULL
      );

      -- principal_id is a user id or a delegation code depending on principal_type, so no
      -- foreign key can cover it; the store checks it on write.
      CREATE TABLE document_members (
        document_id TEXT NOT NULL REFERENCES documents (id),
        principal_type TEXT NOT NULL CHECK (principal_type IN ('user', 'delegation')),
        principal_id TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'commenter', 'editor', 'owner')),
        PRIMARY KEY (document_id, principal_type, principal_id)
      );
      CREATE INDEX document_members_by_principal ON document_members (principal_type, principal_id);

      -- No foreign keys: the audit log outlives the drafts and accounts it mentions.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        actor_id TEXT NULL,
        actor_delegation TEXT NULL,
        document_id TEXT NULL,
        target TEXT NULL,
        ip TEXT NULL,
        details TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_log_at ON audit_log (at);

      -- Drafts created before accounts existed have no creator.
      ALTER TABLE documents ADD COLUMN created_by TEXT NULL;
    `,
    // Seeds from the live list, so a new database gets DELEGATIONS as it is when it is created
    // and an old one keeps what it got. A later change to the list needs a new migration that
    // tolerates both (INSERT OR IGNORE, UPDATE by code); editing this one reaches no one.
    run(db) {
      const insert = db.prepare('INSERT INTO delegations (code, name_es, name_en, kind, color) VALUES (?, ?, ?, ?, ?)')
      for (const d of DELEGATIONS) insert.run(d.code, d.nameEs, d.nameEn, d.kind, d.color)
    },
  },
  {
    version: 3,
    name: 'register of agreements and meetings',
    sql: `
      -- seq orders rows by creation (the order of a minutes' items); id is what the API names.
      CREATE TABLE meetings (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        starts_on TEXT NOT NULL,
        ends_on TEXT NULL,
        place TEXT NOT NULL,
        -- No foreign keys to drafts or users: the register outlives the drafts and accounts
        -- it mentions, as the audit log does.
        minutes_document_id TEXT NULL,
        created_by TEXT NULL,
        created_at TEXT NOT NULL,
        updated_by TEXT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX meetings_by_date ON meetings (starts_on, seq);

      CREATE TABLE meeting_delegations (
        meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
        delegation TEXT NOT NULL REFERENCES delegations (code),
        PRIMARY KEY (meeting_id, delegation)
      );

      CREATE TABLE agreements (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'in_progress', 'done', 'cancelled')),
        due_date TEXT NULL,
        -- Deleting a meeting keeps what was agreed at it.
        meeting_id TEXT NULL REFERENCES meetings (id) ON DELETE SET NULL,
        document_id TEXT NULL,
        block_id TEXT NULL,
        created_by TEXT NULL,
        created_at TEXT NOT NULL,
        updated_by TEXT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX agreements_by_due ON agreements (due_date, seq);
      CREATE INDEX agreements_by_meeting ON agreements (meeting_id);
      CREATE INDEX agreements_by_block ON agreements (document_id, block_id);

      CREATE TABLE agreement_responsibles (
        agreement_id TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
        delegation TEXT NOT NULL REFERENCES delegations (code),
        PRIMARY KEY (agreement_id, delegation)
      );
      CREATE INDEX agreement_responsibles_by_delegation ON agreement_responsibles (delegation);
    `,
  },
  {
    version: 4,
    name: 'versions of drafts',
    sql: `
      -- body and meta hold each document's whole Yjs state, so a version opens without its
      -- draft's history. created_by has no foreign key: a version outlives its author's account.
      CREATE TABLE document_versions (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents (id),
        kind TEXT NOT NULL CHECK (kind IN ('named', 'checkpoint')),
        name TEXT NOT NULL,
        note TEXT NOT NULL,
        reason TEXT NULL CHECK (reason IN ('hourly', 'before_restore')),
        restoring TEXT NULL,
        created_by TEXT NULL,
        created_at TEXT NOT NULL,
        body BLOB NOT NULL,
        meta BLOB NOT NULL
      );
      CREATE INDEX document_versions_by_document ON document_versions (document_id, created_at DESC, id DESC);

      -- Frozen: a version is written once and leaves only with its draft.
      CREATE TRIGGER document_versions_frozen BEFORE UPDATE ON document_versions
      BEGIN
        SELECT RAISE(ABORT, 'a version is immutable');
      END;
    `,
  },
  {
    version: 5,
    name: 'proposer role',
    sql: `
      -- A proposer (between commenter and editor) changes the body only as their own
      -- suggestions. SQLite cannot alter a CHECK constraint: the table is rebuilt.
      CREATE TABLE document_members_v5 (
        document_id TEXT NOT NULL REFERENCES documents (id),
        principal_type TEXT NOT NULL CHECK (principal_type IN ('user', 'delegation')),
        principal_id TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'commenter', 'proposer', 'editor', 'owner')),
        PRIMARY KEY (document_id, principal_type, principal_id)
      );
      INSERT INTO document_members_v5 (document_id, principal_type, principal_id, role)
        SELECT document_id, principal_type, principal_id, role FROM document_members;
      DROP TABLE document_members;
      ALTER TABLE document_members_v5 RENAME TO document_members;
      CREATE INDEX document_members_by_principal ON document_members (principal_type, principal_id);
    `,
  },
  {
    version: 6,
    name: 'timed meetings and the drafts trash',
    sql: `
      -- A meeting's hours as the room reads them (HH:MM) and the IANA zone they are in; all
      -- three null for an all-day meeting.
      ALTER TABLE meetings ADD COLUMN start_time TEXT NULL;
      ALTER TABLE meetings ADD COLUMN end_time TEXT NULL;
      ALTER TABLE meetings ADD COLUMN time_zone TEXT NULL;
      -- A deleted draft waits in the trash (restorable) until purged; no foreign key on
      -- deleted_by, like created_by.
      ALTER TABLE documents ADD COLUMN deleted_at TEXT NULL;
      ALTER TABLE documents ADD COLUMN deleted_by TEXT NULL;
      CREATE INDEX documents_trash ON documents (deleted_at) WHERE deleted_at IS NOT NULL;
    `,
  },
  {
    version: 7,
    name: 'authorship of changes',
    sql: `
      -- Who changed which paragraph and when (AUTHOR-1): one row per writer and paragraph per
      -- commit batch, written with the updates. user_id has no foreign key: the record
      -- outlives its author's account, as versions do.
      CREATE TABLE document_authorship (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id TEXT NOT NULL REFERENCES documents (id),
        paragraph_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        delegation TEXT NOT NULL,
        at TEXT NOT NULL,
        text TEXT NULL
      );
      CREATE INDEX document_authorship_by_paragraph ON document_authorship (document_id, paragraph_id, seq);
      CREATE INDEX document_authorship_by_time ON document_authorship (document_id, at);
    `,
  },
  {
    version: 8,
    name: 'distinct delegation colours',
    sql: '',
    // Only a colour nobody changed since the seed: an administrator's choice stays.
    run(db) {
      const update = db.prepare('UPDATE delegations SET color = ? WHERE code = ? AND color = ?')
      for (const d of DELEGATIONS) {
        const previous = PREVIOUS_DELEGATION_COLORS[d.code]
        if (previous && previous !== d.color) update.run(d.color, d.code, previous)
      }
    },
  },
  {
    version: 9,
    name: 'party groups',
    sql: `
      -- Named lists of delegations added to a draft's parties in one step (PARTY-*), kept by
      -- administrators; seq keeps the order they were made in. members: a JSON array of codes
      -- (checked against delegations by the routes; a group outlives a code's removal).
      CREATE TABLE party_groups (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        name_es TEXT NOT NULL,
        name_en TEXT NOT NULL,
        members TEXT NOT NULL
      );
    `,
    run(db) {
      const insert = db.prepare('INSERT INTO party_groups (id, name_es, name_en, members) VALUES (?, ?, ?, ?)')
      for (const g of SEED_PARTY_GROUPS) insert.run(g.id, g.nameEs, g.nameEn, JSON.stringify(g.members))
    },
  },
  {
    version: 10,
    name: 'notifications, silence procedures and adoptions',
    sql: `
      -- Each person's inbox (NOTIFY-*): what happened, as data the reader's language words;
      -- mailed_at stays null until the mailer has sent it (or judged it not to be sent).
      -- No foreign keys: a notification outlives nothing it names, and is read by its owner only.
      CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        document_id TEXT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        read_at TEXT NULL,
        mailed_at TEXT NULL
      );
      CREATE INDEX notifications_by_user ON notifications (user_id, created_at);
      CREATE INDEX notifications_unmailed ON notifications (created_at) WHERE mailed_at IS NULL;
      CREATE TABLE notification_prefs (
        user_id TEXT PRIMARY KEY,
        language TEXT NOT NULL,
        digest TEXT NOT NULL,
        email_off TEXT NOT NULL
      );
      -- Silence procedures (SILENCE-*): at most one holding a draft at a time; the deadline is
      -- an ISO UTC string, compared as text, and claimed_at the lease of the instance adopting.
      CREATE TABLE silence_procedures (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL,
        paragraph_ids TEXT NULL,
        deadline TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        local_deadline TEXT NOT NULL,
        parties TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'adopting', 'broken', 'adopted', 'withdrawn')),
        started_by TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NULL,
        ended_by TEXT NULL,
        broken_by TEXT NULL,
        objection TEXT NULL,
        version_id TEXT NULL,
        claimed_at TEXT NULL
      );
      CREATE UNIQUE INDEX silence_one_holding ON silence_procedures (document_id) WHERE status IN ('running', 'adopting');
      CREATE INDEX silence_due ON silence_procedures (deadline) WHERE status IN ('running', 'adopting');
      CREATE TABLE document_adoptions (
        document_id TEXT PRIMARY KEY,
        version_id TEXT NOT NULL,
        adopted_at TEXT NOT NULL,
        adopted_by TEXT NULL,
        parties TEXT NOT NULL,
        silence_id TEXT NULL
      );
    `,
  },
  { version: 11, name: 'delegation aliases', sql: ALIASES_MIGRATION_SQL },
  {
    version: 12,
    name: 'notices given once',
    sql: `
      -- Notices a scheduled check gives once (NOTIFY-21: an agreement coming due, keyed by the
      -- agreement and its date): the instance whose INSERT lands gives it, the others find the
      -- key taken. Never updated; a changed date is a new key.
      CREATE TABLE notification_once (
        key TEXT PRIMARY KEY,
        at TEXT NOT NULL
      );
    `,
  },
  { version: 13, name: 'questionnaires', sql: QUESTIONNAIRES_MIGRATION_SQL },
  { version: 14, name: 'good practices', sql: PRACTICES_MIGRATION_SQL },
  { version: 15, name: 'glossary', sql: GLOSSARY_MIGRATION_SQL },
  { version: 16, name: 'search index', sql: SQLITE_SEARCH_MIGRATION_SQL },
  { version: 18, name: 'focal points', sql: FOCAL_POINTS_MIGRATION_SQL },
  { version: 19, name: 'search access before ranking', sql: SQLITE_SEARCH_ACCESS_MIGRATION_SQL },
]
