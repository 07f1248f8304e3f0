/**
 * Forward-only schema migrations for the Postgres store. A migration, once released, is never
 * edited: add a new one. `schema_migrations` records which have run.
 *
 * The versions and names follow SQLite's (sqlite-migrations.ts), so a change that both stores
 * need lands under the same number in each.
 *
 * Every text column is `COLLATE "C"`: the contract orders and compares by code point, as
 * SQLite's BINARY collation does, and the database's own locale may not. Timestamps stay ISO
 * strings, as in SQLite, so they read back byte for byte and compare as strings.
 */
import type { PoolClient } from 'pg'
import { DELEGATIONS, PREVIOUS_DELEGATION_COLORS } from '@consenso/protocol'
import { SEED_PARTY_GROUPS } from './party-groups.ts'
import { ALIASES_MIGRATION_SQL } from './aliases-sql.ts'
import { QUESTIONNAIRES_MIGRATION_SQL } from './questionnaires-sql.ts'
import { PRACTICES_MIGRATION_SQL } from './practices-sql.ts'
import { GLOSSARY_MIGRATION_SQL } from './glossary-sql.ts'
import { FOCAL_POINTS_MIGRATION_SQL } from './focal-points-sql.ts'
import { createSearchConfigurations, POSTGRES_SEARCH_ACCESS_MIGRATION_SQL, POSTGRES_SEARCH_MIGRATION_SQL } from './postgres/search.ts'

export interface PostgresMigration {
  version: number
  name: string
  /** Several statements may be given; they run in one transaction with `run`. */
  sql: string
  /** Runs after `sql`, in the same transaction, for rows taken from a TypeScript list. */
  run?: (client: PoolClient) => Promise<void>
}

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'documents and yjs logs',
    sql: `
      CREATE TABLE documents (
        id text COLLATE "C" PRIMARY KEY,
        title text COLLATE "C" NOT NULL,
        template text COLLATE "C" NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        updated_at text COLLATE "C" NOT NULL
      );
      CREATE INDEX documents_updated_at ON documents (updated_at DESC, id);

      -- The append-only log. seq orders every write across all documents.
      CREATE TABLE doc_updates (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        document_id text COLLATE "C" NOT NULL REFERENCES documents (id),
        name text COLLATE "C" NOT NULL CHECK (name IN ('body', 'meta')),
        data bytea NOT NULL
      );
      CREATE INDEX doc_updates_by_doc ON doc_updates (document_id, name, seq);

      CREATE TABLE doc_snapshots (
        document_id text COLLATE "C" NOT NULL REFERENCES documents (id),
        name text COLLATE "C" NOT NULL CHECK (name IN ('body', 'meta')),
        data bytea NOT NULL,
        PRIMARY KEY (document_id, name)
      );
    `,
  },
  {
    version: 2,
    name: 'accounts, sessions, invitations, membership, audit',
    sql: `
      CREATE TABLE delegations (
        code text COLLATE "C" PRIMARY KEY,
        name_es text COLLATE "C" NOT NULL,
        name_en text COLLATE "C" NOT NULL,
        kind text COLLATE "C" NOT NULL CHECK (kind IN ('country', 'secretariat', 'organisation')),
        color text COLLATE "C" NOT NULL
      );

      -- email is stored lower-cased by the application (JavaScript's toLowerCase), as in
      -- SQLite, so both stores agree on which addresses are the same.
      CREATE TABLE users (
        id text COLLATE "C" PRIMARY KEY,
        email text COLLATE "C" NOT NULL UNIQUE,
        name text COLLATE "C" NOT NULL,
        delegation text COLLATE "C" NOT NULL REFERENCES delegations (code),
        admin boolean NOT NULL,
        disabled boolean NOT NULL,
        password_hash text COLLATE "C" NOT NULL,
        created_at text COLLATE "C" NOT NULL
      );
      CREATE INDEX users_by_name ON users (name, id);

      CREATE TABLE sessions (
        token_hash text COLLATE "C" PRIMARY KEY,
        user_id text COLLATE "C" NOT NULL REFERENCES users (id),
        created_at text COLLATE "C" NOT NULL,
        expires_at text COLLATE "C" NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions (user_id);
      CREATE INDEX sessions_by_expiry ON sessions (expires_at);

      -- created_by and accepted_by name users but have no foreign key: the command line
      -- invites without a user, and an invitation's history should not pin an account.
      CREATE TABLE invitations (
        token_hash text COLLATE "C" PRIMARY KEY,
        delegation text COLLATE "C" NOT NULL REFERENCES delegations (code),
        email text COLLATE "C" NULL,
        admin boolean NOT NULL,
        created_by text COLLATE "C" NULL,
        created_at text COLLATE "C" NOT NULL,
        expires_at text COLLATE "C" NOT NULL,
        accepted_at text COLLATE "C" NULL,
        accepted_by text COLLATE "C" NULL
      );

      -- principal_id is a user id or a delegation code depending on principal_type, so no
      -- foreign key can cover it; the store checks it on write.
      CREATE TABLE document_members (
        document_id text COLLATE "C" NOT NULL REFERENCES documents (id),
        principal_type text COLLATE "C" NOT NULL CHECK (principal_type IN ('user', 'delegation')),
        principal_id text COLLATE "C" NOT NULL,
        role text COLLATE "C" NOT NULL CHECK (role IN ('viewer', 'commenter', 'editor', 'owner')),
        PRIMARY KEY (document_id, principal_type, principal_id)
      );
      CREATE INDEX document_members_by_principal ON document_members (principal_type, principal_id);

      -- No foreign keys: the audit log outlives the drafts and accounts it mentions.
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at text COLLATE "C" NOT NULL,
        action text COLLATE "C" NOT NULL,
        actor_id text COLLATE "C" NULL,
        actor_delegation text COLLATE "C" NULL,
        document_id text COLLATE "C" NULL,
        target text COLLATE "C" NULL,
        ip text COLLATE "C" NULL,
        details jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_log_at ON audit_log (at);

      -- No foreign key, as in SQLite: the store checks the creator when the draft is created.
      ALTER TABLE documents ADD COLUMN created_by text COLLATE "C" NULL;
    `,
    // Seeds from the live list, so a new database gets DELEGATIONS as it is when it is created
    // and an old one keeps what it got. A later change to the list needs a new migration that
    // tolerates both (ON CONFLICT, UPDATE by code); editing this one reaches no one.
    async run(client) {
      await client.query(
        `INSERT INTO delegations (code, name_es, name_en, kind, color)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
        [
          DELEGATIONS.map((d) => d.code),
          DELEGATIONS.map((d) => d.nameEs),
          DELEGATIONS.map((d) => d.nameEn),
          DELEGATIONS.map((d) => d.kind),
          DELEGATIONS.map((d) => d.color),
        ],
      )
    },
  },
  {
    version: 3,
    name: 'register of agreements and meetings',
    sql: `
      -- seq orders rows by creation (the order of a minutes' items); id is what the API names.
      CREATE TABLE meetings (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text COLLATE "C" NOT NULL UNIQUE,
        title text COLLATE "C" NOT NULL,
        starts_on text COLLATE "C" NOT NULL,
        ends_on text COLLATE "C" NULL,
        place text COLLATE "C" NOT NULL,
        -- No foreign keys to drafts or users: the register outlives the drafts and accounts
        -- it mentions, as the audit log does.
        minutes_document_id text COLLATE "C" NULL,
        created_by text COLLATE "C" NULL,
        created_at text COLLATE "C" NOT NULL,
        updated_by text COLLATE "C" NULL,
        updated_at text COLLATE "C" NOT NULL
      );
      CREATE INDEX meetings_by_date ON meetings (starts_on, seq);

      CREATE TABLE meeting_delegations (
        meeting_id text COLLATE "C" NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
        delegation text COLLATE "C" NOT NULL REFERENCES delegations (code),
        PRIMARY KEY (meeting_id, delegation)
      );

      CREATE TABLE agreements (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text COLLATE "C" NOT NULL UNIQUE,
        text text COLLATE "C" NOT NULL,
        status text COLLATE "C" NOT NULL CHECK (status IN ('pending', 'in_progress', 'done', 'cancelled')),
        due_date text COLLATE "C" NULL,
        -- Deleting a meeting keeps what was agreed at it.
        meeting_id text COLLATE "C" NULL REFERENCES meetings (id) ON DELETE SET NULL,
        document_id text COLLATE "C" NULL,
        block_id text COLLATE "C" NULL,
        created_by text COLLATE "C" NULL,
        created_at text COLLATE "C" NOT NULL,
        updated_by text COLLATE "C" NULL,
        updated_at text COLLATE "C" NOT NULL
      );
      CREATE INDEX agreements_by_due ON agreements (due_date, seq);
      CREATE INDEX agreements_by_meeting ON agreements (meeting_id);
      CREATE INDEX agreements_by_block ON agreements (document_id, block_id);

      CREATE TABLE agreement_responsibles (
        agreement_id text COLLATE "C" NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
        delegation text COLLATE "C" NOT NULL REFERENCES delegations (code),
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
        id text COLLATE "C" PRIMARY KEY,
        document_id text COLLATE "C" NOT NULL REFERENCES documents (id),
        kind text COLLATE "C" NOT NULL CHECK (kind IN ('named', 'checkpoint')),
        name text COLLATE "C" NOT NULL,
        note text COLLATE "C" NOT NULL,
        reason text COLLATE "C" NULL CHECK (reason IN ('hourly', 'before_restore')),
        restoring text COLLATE "C" NULL,
        created_by text COLLATE "C" NULL,
        created_at text COLLATE "C" NOT NULL,
        body bytea NOT NULL,
        meta bytea NOT NULL
      );
      CREATE INDEX document_versions_by_document ON document_versions (document_id, created_at DESC, id DESC);

      -- Frozen: a version is written once and leaves only with its draft.
      CREATE FUNCTION document_versions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a version is immutable';
      END
      $$;
      CREATE TRIGGER document_versions_frozen BEFORE UPDATE ON document_versions
        FOR EACH ROW EXECUTE FUNCTION document_versions_frozen();
    `,
  },
  {
    version: 5,
    name: 'proposer role',
    sql: `
      ALTER TABLE document_members DROP CONSTRAINT document_members_role_check;
      ALTER TABLE document_members ADD CONSTRAINT document_members_role_check
        CHECK (role IN ('viewer', 'commenter', 'proposer', 'editor', 'owner'));
    `,
  },
  {
    version: 6,
    name: 'timed meetings and the drafts trash',
    sql: `
      -- A meeting's hours as the room reads them (HH:MM) and the IANA zone they are in; all
      -- three null for an all-day meeting.
      ALTER TABLE meetings ADD COLUMN start_time text NULL;
      ALTER TABLE meetings ADD COLUMN end_time text NULL;
      ALTER TABLE meetings ADD COLUMN time_zone text NULL;
      -- A deleted draft waits in the trash (restorable) until purged; no foreign key on
      -- deleted_by, like created_by.
      ALTER TABLE documents ADD COLUMN deleted_at text NULL;
      ALTER TABLE documents ADD COLUMN deleted_by text NULL;
      CREATE INDEX documents_trash ON documents (deleted_at) WHERE deleted_at IS NOT NULL;
    `,
  },
  {
    version: 7,
    name: 'authorship of changes',
    sql: `
      CREATE TABLE document_authorship (
        seq bigserial PRIMARY KEY,
        document_id text COLLATE "C" NOT NULL REFERENCES documents (id),
        paragraph_id text COLLATE "C" NOT NULL,
        user_id text COLLATE "C" NOT NULL,
        delegation text COLLATE "C" NOT NULL,
        at text COLLATE "C" NOT NULL,
        text text NULL
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
    async run(client) {
      for (const d of DELEGATIONS) {
        const previous = PREVIOUS_DELEGATION_COLORS[d.code]
        if (previous && previous !== d.color) await client.query('UPDATE delegations SET color = $1 WHERE code = $2 AND color = $3', [d.color, d.code, previous])
      }
    },
  },
  {
    version: 9,
    name: 'party groups',
    sql: `
      -- Named lists of delegations added to a draft's parties in one step (PARTY-*), kept by
      -- administrators; seq keeps the order they were made in.
      CREATE TABLE party_groups (
        seq bigserial PRIMARY KEY,
        id text COLLATE "C" NOT NULL UNIQUE,
        name_es text NOT NULL,
        name_en text NOT NULL,
        members jsonb NOT NULL
      );
    `,
    async run(client) {
      for (const g of SEED_PARTY_GROUPS) {
        await client.query('INSERT INTO party_groups (id, name_es, name_en, members) VALUES ($1, $2, $3, $4::jsonb)', [g.id, g.nameEs, g.nameEn, JSON.stringify(g.members)])
      }
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
        id text COLLATE "C" PRIMARY KEY,
        user_id text COLLATE "C" NOT NULL,
        kind text COLLATE "C" NOT NULL,
        document_id text COLLATE "C" NULL,
        data text NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        read_at text COLLATE "C" NULL,
        mailed_at text COLLATE "C" NULL
      );
      CREATE INDEX notifications_by_user ON notifications (user_id, created_at);
      CREATE INDEX notifications_unmailed ON notifications (created_at) WHERE mailed_at IS NULL;
      CREATE TABLE notification_prefs (
        user_id text COLLATE "C" PRIMARY KEY,
        language text COLLATE "C" NOT NULL,
        digest text COLLATE "C" NOT NULL,
        email_off text NOT NULL
      );
      -- Silence procedures (SILENCE-*): at most one holding a draft at a time; the deadline is
      -- an ISO UTC string, compared as text, and claimed_at the lease of the instance adopting.
      CREATE TABLE silence_procedures (
        id text COLLATE "C" PRIMARY KEY,
        document_id text COLLATE "C" NOT NULL,
        paragraph_ids text NULL,
        deadline text COLLATE "C" NOT NULL,
        time_zone text COLLATE "C" NOT NULL,
        local_deadline text COLLATE "C" NOT NULL,
        parties text NOT NULL,
        status text COLLATE "C" NOT NULL CHECK (status IN ('running', 'adopting', 'broken', 'adopted', 'withdrawn')),
        started_by text COLLATE "C" NOT NULL,
        started_at text COLLATE "C" NOT NULL,
        ended_at text COLLATE "C" NULL,
        ended_by text COLLATE "C" NULL,
        broken_by text COLLATE "C" NULL,
        objection text NULL,
        version_id text COLLATE "C" NULL,
        claimed_at text COLLATE "C" NULL
      );
      CREATE UNIQUE INDEX silence_one_holding ON silence_procedures (document_id) WHERE status IN ('running', 'adopting');
      CREATE INDEX silence_due ON silence_procedures (deadline) WHERE status IN ('running', 'adopting');
      CREATE TABLE document_adoptions (
        document_id text COLLATE "C" PRIMARY KEY,
        version_id text COLLATE "C" NOT NULL,
        adopted_at text COLLATE "C" NOT NULL,
        adopted_by text COLLATE "C" NULL,
        parties text NOT NULL,
        silence_id text COLLATE "C" NULL
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
        key text COLLATE "C" PRIMARY KEY,
        at text COLLATE "C" NOT NULL
      );
    `,
  },
  { version: 13, name: 'questionnaires', sql: QUESTIONNAIRES_MIGRATION_SQL },
  { version: 14, name: 'good practices', sql: PRACTICES_MIGRATION_SQL },
  { version: 15, name: 'glossary', sql: GLOSSARY_MIGRATION_SQL },
  { version: 16, name: 'search index', sql: POSTGRES_SEARCH_MIGRATION_SQL, run: createSearchConfigurations },
  { version: 18, name: 'focal points', sql: FOCAL_POINTS_MIGRATION_SQL },
  { version: 19, name: 'search access before ranking', sql: POSTGRES_SEARCH_ACCESS_MIGRATION_SQL },
]
