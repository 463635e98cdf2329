// Schema migrations, applied in order once each; both drivers run the same SQL. A migration is
// never edited after release: add a new one.

/** One schema change. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    id: 1,
    name: "initial",
    sql: `
CREATE TABLE golive_runbooks (
  hash text PRIMARY KEY,
  runbook_id text NOT NULL,
  title text NOT NULL,
  source text NOT NULL,
  created_at text NOT NULL,
  created_by text NOT NULL
);
CREATE TABLE golive_runs (
  id text PRIMARY KEY,
  name text NOT NULL,
  runbook_hash text NOT NULL REFERENCES golive_runbooks(hash),
  version integer NOT NULL,
  meta jsonb NOT NULL,
  assignments jsonb NOT NULL,
  active boolean NOT NULL,
  created_at text NOT NULL,
  created_by text NOT NULL
);
CREATE TABLE golive_facts (
  run_id text NOT NULL REFERENCES golive_runs(id),
  version integer NOT NULL,
  kind text NOT NULL,
  subject text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (run_id, version)
);
CREATE INDEX golive_facts_subject ON golive_facts (run_id, subject, version);
CREATE TABLE golive_audit (
  seq bigint PRIMARY KEY,
  at text NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  run_id text,
  subject text NOT NULL,
  before jsonb,
  after jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX golive_audit_run ON golive_audit (run_id, seq);
CREATE TABLE golive_audit_head (
  id integer PRIMARY KEY,
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO golive_audit_head (id, seq, hash) VALUES (1, 0, '${"0".repeat(64)}');
CREATE TABLE golive_users (
  name text PRIMARY KEY,
  password_hash text NOT NULL,
  role text NOT NULL,
  disabled boolean NOT NULL,
  created_at text NOT NULL
);
CREATE TABLE golive_sessions (
  id_hash text PRIMARY KEY,
  user_name text NOT NULL REFERENCES golive_users(name),
  csrf text NOT NULL,
  expires_at text NOT NULL
);
CREATE TABLE golive_tokens (
  id text PRIMARY KEY,
  name text NOT NULL,
  user_name text NOT NULL REFERENCES golive_users(name),
  secret_hash text NOT NULL,
  scope text NOT NULL,
  created_at text NOT NULL,
  revoked_at text
);
CREATE TABLE golive_files (
  sha256 text PRIMARY KEY,
  name text NOT NULL,
  media_type text NOT NULL,
  size integer NOT NULL,
  bytes bytea NOT NULL
);
CREATE TABLE golive_leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  expires_at bigint NOT NULL
);
`,
  },
  {
    id: 50,
    name: "run kind",
    // A run is a rehearsal or the live go-live; runs made before this are live.
    sql: `ALTER TABLE golive_runs ADD COLUMN kind text NOT NULL DEFAULT 'live';`,
  },
];
