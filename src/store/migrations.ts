import { backfillChains } from "./chain-backfill.ts";
import type { Tx } from "./sql-tx.ts";

// Schema migrations, applied in order once each; both drivers run the same SQL. A migration is
// never edited after release: add a new one.

/** One schema change. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
  /** A data step after the SQL, in the same transaction (what SQL alone cannot compute). */
  after?: (tx: Tx) => Promise<void>;
}

const written: Migration[] = [
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
    id: 10,
    name: "runbook approvals",
    // An admin's approval of one runbook text (its content hash): command checks of a runbook an
    // editor wrote run only once it is approved. Another text is another hash, unapproved.
    sql: `
CREATE TABLE golive_runbook_approvals (
  runbook_hash text PRIMARY KEY REFERENCES golive_runbooks(hash),
  approved_by text NOT NULL,
  approved_at text NOT NULL
);
`,
  },
  {
    id: 11,
    name: "runbook approval withdrawals",
    // An admin may withdraw a runbook text's approval (after an incident review): the approval row
    // goes, its command checks are held again. The last withdrawal of each text is kept here for
    // the dashboard (who, when, why, whose approval it ended); the audit chain keeps every one.
    sql: `
CREATE TABLE golive_runbook_withdrawals (
  runbook_hash text PRIMARY KEY REFERENCES golive_runbooks(hash),
  withdrawn_by text NOT NULL,
  withdrawn_at text NOT NULL,
  reason text NOT NULL,
  approved_by text NOT NULL,
  approved_at text NOT NULL
);
`,
  },
  {
    id: 20,
    name: "check samples apart from facts",
    // Samples are measurements, not decisions: their own table, outside the audit chain. The
    // segments are each check's compact summary (the engine's input); the aggregates keep the
    // history after raw samples age out. decided_at: when the run's last non-check fact was
    // recorded (a segment never spans one); rolled_until: samples before it are aggregated.
    sql: `
ALTER TABLE golive_runs ADD COLUMN decided_at bigint NOT NULL DEFAULT 0;
ALTER TABLE golive_runs ADD COLUMN rolled_until bigint NOT NULL DEFAULT 0;
CREATE TABLE golive_samples (
  run_id text NOT NULL REFERENCES golive_runs(id),
  check_id text NOT NULL,
  at bigint NOT NULL,
  outcome text NOT NULL,
  duration_ms double precision NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX golive_samples_check ON golive_samples (run_id, check_id, at);
CREATE TABLE golive_segments (
  run_id text NOT NULL REFERENCES golive_runs(id),
  check_id text NOT NULL,
  seq integer NOT NULL,
  outcome text NOT NULL,
  count integer NOT NULL,
  first jsonb NOT NULL,
  last jsonb NOT NULL,
  PRIMARY KEY (run_id, check_id, seq)
);
CREATE TABLE golive_sample_agg (
  run_id text NOT NULL REFERENCES golive_runs(id),
  check_id text NOT NULL,
  width text NOT NULL,
  start bigint NOT NULL,
  n integer NOT NULL,
  pass integer NOT NULL,
  fail integer NOT NULL,
  inconclusive integer NOT NULL,
  error integer NOT NULL,
  dur_sum double precision NOT NULL,
  dur_max double precision NOT NULL,
  PRIMARY KEY (run_id, check_id, width, start)
);
`,
  },
  {
    id: 21,
    name: "fact chain and state snapshots",
    // Each fact carries the run's chain link after it (the state hash grows by one link per fact,
    // never re-hashed whole); a snapshot keeps a run's fold at a version, with its own hash so a
    // torn or altered one is noticed and rebuilt from the log. Facts written before this get their
    // links in order, here.
    sql: `
ALTER TABLE golive_facts ADD COLUMN chain text;
CREATE TABLE golive_snapshots (
  run_id text PRIMARY KEY REFERENCES golive_runs(id),
  version integer NOT NULL,
  chain text NOT NULL,
  lists jsonb NOT NULL,
  hash text NOT NULL
);
`,
    after: backfillChains,
  },
  {
    id: 50,
    name: "run kind",
    // A run is a rehearsal or the live go-live; runs made before this are live.
    sql: `ALTER TABLE golive_runs ADD COLUMN kind text NOT NULL DEFAULT 'live';`,
  },
  {
    id: 40,
    name: "notification outbox",
    sql: `
CREATE TABLE golive_outbox (
  id text PRIMARY KEY,
  run_id text,
  channel text NOT NULL,
  event_type text NOT NULL,
  dedup_key text NOT NULL,
  payload jsonb NOT NULL,
  state text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_at bigint NOT NULL,
  lease_holder text,
  lease_until bigint,
  last_error text,
  created_at text NOT NULL,
  sent_at text
);
CREATE UNIQUE INDEX golive_outbox_dedup ON golive_outbox (channel, dedup_key);
CREATE INDEX golive_outbox_due ON golive_outbox (state, next_at);
CREATE INDEX golive_outbox_run ON golive_outbox (run_id, created_at);
CREATE TABLE golive_deliveries (
  outbox_id text NOT NULL REFERENCES golive_outbox(id),
  attempt integer NOT NULL,
  channel text NOT NULL,
  at_ms bigint NOT NULL,
  ok boolean NOT NULL,
  status integer,
  error text,
  duration_ms integer NOT NULL,
  PRIMARY KEY (outbox_id, attempt)
);
CREATE INDEX golive_deliveries_channel ON golive_deliveries (channel, at_ms);
`,
  },
  {
    id: 22,
    name: "per-minute aggregates packed by hour",
    // A minute row per check and minute was as many rows as the samples of a check sampled every
    // minute (most of the database after weeks: its row header and primary-key entry outweighed
    // its numbers). Now one row per check and hour holds that hour's minutes side by side, only
    // the minutes that had samples (minute: 0-59, ascending), kept in the row compressed
    // (STORAGE MAIN with a low toast_tuple_target: compressed in place rather than moved out to a
    // TOAST table). They are written when the hour's raw samples are deleted (until then the
    // history reads the raw samples), so minutes_until: the raw samples before it are gone and
    // their minutes are here. Every minute row written before moves here, nothing dropped; the
    // samples before the old rolled_until had their minutes written already.
    sql: `
CREATE TABLE golive_sample_minutes (
  run_id text NOT NULL REFERENCES golive_runs(id),
  check_id text NOT NULL,
  hour bigint NOT NULL,
  minute smallint[] NOT NULL,
  pass integer[] NOT NULL,
  fail integer[] NOT NULL,
  inconclusive integer[] NOT NULL,
  error integer[] NOT NULL,
  dur_sum double precision[] NOT NULL,
  dur_max double precision[] NOT NULL,
  PRIMARY KEY (run_id, check_id, hour)
) WITH (toast_tuple_target = 128);
ALTER TABLE golive_sample_minutes ALTER COLUMN minute SET STORAGE MAIN, ALTER COLUMN pass SET STORAGE MAIN, ALTER COLUMN fail SET STORAGE MAIN, ALTER COLUMN inconclusive SET STORAGE MAIN, ALTER COLUMN error SET STORAGE MAIN, ALTER COLUMN dur_sum SET STORAGE MAIN, ALTER COLUMN dur_max SET STORAGE MAIN;
INSERT INTO golive_sample_minutes (run_id, check_id, hour, minute, pass, fail, inconclusive, error, dur_sum, dur_max)
  SELECT run_id, check_id, start / 3600000 * 3600000,
    array_agg((start % 3600000 / 60000)::smallint ORDER BY start), array_agg(pass ORDER BY start), array_agg(fail ORDER BY start),
    array_agg(inconclusive ORDER BY start), array_agg(error ORDER BY start), array_agg(dur_sum ORDER BY start), array_agg(dur_max ORDER BY start)
  FROM golive_sample_agg WHERE width = '1m' GROUP BY run_id, check_id, start / 3600000 * 3600000;
DELETE FROM golive_sample_agg WHERE width = '1m';
ALTER TABLE golive_runs ADD COLUMN minutes_until bigint NOT NULL DEFAULT 0;
UPDATE golive_runs SET minutes_until = rolled_until;
`,
  },
  {
    id: 23,
    name: "raw samples keep only what their columns do not",
    // A raw sample's data held the whole result, its check, outcome, time and duration again
    // beside their columns; now only the rest (conditions, error, values), NULL when there is none.
    // Rows written before keep the whole result (a superset) until they age out (--keep-raw).
    sql: `ALTER TABLE golive_samples ALTER COLUMN data DROP NOT NULL;`,
  },
  {
    id: 24,
    name: "per-hour aggregates without a width",
    // Since migration 22 every row of golive_sample_agg is an hour ('1h'): the column said nothing
    // and sat in every row and in the primary key. A row of another width would be from a
    // database migration 22 did not finish: there is none to keep.
    sql: `
DELETE FROM golive_sample_agg WHERE width <> '1h';
ALTER TABLE golive_sample_agg DROP COLUMN width;
ALTER TABLE golive_sample_agg ADD PRIMARY KEY (run_id, check_id, start);
`,
  },
  {
    id: 25,
    name: "where the kept minutes begin",
    // A sample that arrives after its hour was aggregated is folded into that hour's row, and into
    // its minutes while they are kept; minutes_from: the minutes of the hours before it were
    // deleted (past --keep-minutes), so a late sample there goes to its hour row only. 0 until
    // the next downsampling sets it (a minute row written meanwhile for an expired hour is deleted
    // by that downsampling, as the others were).
    sql: `ALTER TABLE golive_runs ADD COLUMN minutes_from bigint NOT NULL DEFAULT 0;`,
  },
  {
    id: 28,
    name: "segments carry when they were written",
    // A reader that holds a run's summary reads only the segments written since its last read
    // (another instance's samples change no version). The position comes from a sequence taken
    // under the run's row lock, so one run's positions commit in order: a reader never steps past
    // a write of that run still to commit. No index: the primary key's run prefix finds the run's
    // rows, and an indexed column written every round would end HOT updates.
    sql: `
CREATE SEQUENCE golive_segment_touch;
ALTER TABLE golive_segments ADD COLUMN touched bigint NOT NULL DEFAULT 0;
`,
  },
];

/** In id order, whatever order they were written in: ids are taken from ranges, not in sequence. */
export const migrations: readonly Migration[] = written.sort((a, b) => a.id - b.id);

