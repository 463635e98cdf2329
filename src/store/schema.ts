import { bigint, boolean, customType, doublePrecision, integer, jsonb, pgTable, primaryKey, smallint, text } from "drizzle-orm/pg-core";

// The tables as drizzle sees them, for typed queries. The DDL lives in migrations.ts; the contract
// suite runs every query against migrated databases, so the two cannot drift unnoticed.

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const runbooks = pgTable("golive_runbooks", {
  hash: text("hash").primaryKey(),
  runbookId: text("runbook_id").notNull(),
  title: text("title").notNull(),
  source: text("source").notNull(),
  createdAt: text("created_at").notNull(),
  createdBy: text("created_by").notNull(),
});

/** An admin's approval of one runbook text: its command checks may run. */
export const runbookApprovals = pgTable("golive_runbook_approvals", {
  runbookHash: text("runbook_hash").primaryKey(),
  approvedBy: text("approved_by").notNull(),
  approvedAt: text("approved_at").notNull(),
});

/** The last withdrawal of a runbook text's approval (the audit chain keeps every one). */
export const runbookWithdrawals = pgTable("golive_runbook_withdrawals", {
  runbookHash: text("runbook_hash").primaryKey(),
  withdrawnBy: text("withdrawn_by").notNull(),
  withdrawnAt: text("withdrawn_at").notNull(),
  reason: text("reason").notNull(),
  approvedBy: text("approved_by").notNull(),
  approvedAt: text("approved_at").notNull(),
});

export const runs = pgTable("golive_runs", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  runbookHash: text("runbook_hash").notNull(),
  version: integer("version").notNull(),
  meta: jsonb("meta").notNull(),
  assignments: jsonb("assignments").notNull(),
  active: boolean("active").notNull(),
  createdAt: text("created_at").notNull(),
  createdBy: text("created_by").notNull(),
  decidedAt: bigint("decided_at", { mode: "number" }).notNull().default(0),
  rolledUntil: bigint("rolled_until", { mode: "number" }).notNull().default(0),
  /** The raw samples before it are deleted and their minutes are in golive_sample_minutes (migration 22). */
  minutesUntil: bigint("minutes_until", { mode: "number" }).notNull().default(0),
  /** The minutes of hours before it are deleted (past --keep-minutes): a late sample there goes to its hour only (migration 25). */
  minutesFrom: bigint("minutes_from", { mode: "number" }).notNull().default(0),
  kind: text("kind").notNull().default("live"),
});

export const facts = pgTable(
  "golive_facts",
  {
    runId: text("run_id").notNull(),
    version: integer("version").notNull(),
    kind: text("kind").notNull(),
    subject: text("subject").notNull(),
    data: jsonb("data").notNull(),
    /** The run's fact chain after this fact (migration 21). */
    chain: text("chain"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.version] })],
);

/** A run's folded fact log at a version (migration 21): startup reads it and the facts after it. */
export const snapshots = pgTable("golive_snapshots", {
  runId: text("run_id").primaryKey(),
  version: integer("version").notNull(),
  chain: text("chain").notNull(),
  lists: jsonb("lists").notNull(),
  hash: text("hash").notNull(),
});

export const audit = pgTable("golive_audit", {
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  at: text("at").notNull(),
  actor: text("actor").notNull(),
  action: text("action").notNull(),
  runId: text("run_id"),
  subject: text("subject").notNull(),
  before: jsonb("before"),
  after: jsonb("after"),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull(),
});

export const auditHead = pgTable("golive_audit_head", {
  id: integer("id").primaryKey(),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
});

export const users = pgTable("golive_users", {
  name: text("name").primaryKey(),
  passwordHash: text("password_hash").notNull(),
  role: text("role").notNull(),
  disabled: boolean("disabled").notNull(),
  createdAt: text("created_at").notNull(),
});

export const sessions = pgTable("golive_sessions", {
  idHash: text("id_hash").primaryKey(),
  userName: text("user_name").notNull(),
  csrf: text("csrf").notNull(),
  expiresAt: text("expires_at").notNull(),
});

export const tokens = pgTable("golive_tokens", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  userName: text("user_name").notNull(),
  secretHash: text("secret_hash").notNull(),
  scope: text("scope").notNull(),
  createdAt: text("created_at").notNull(),
  revokedAt: text("revoked_at"),
});

export const files = pgTable("golive_files", {
  sha256: text("sha256").primaryKey(),
  name: text("name").notNull(),
  mediaType: text("media_type").notNull(),
  size: integer("size").notNull(),
  bytes: bytea("bytes").notNull(),
});

export const leases = pgTable("golive_leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
});

export const samples = pgTable("golive_samples", {
  runId: text("run_id").notNull(),
  checkId: text("check_id").notNull(),
  at: bigint("at", { mode: "number" }).notNull(),
  outcome: text("outcome").notNull(),
  durationMs: doublePrecision("duration_ms").notNull(),
  /** What the columns do not hold (conditions, error, values), NULL when nothing (migration 23). */
  data: jsonb("data"),
});

export const segments = pgTable(
  "golive_segments",
  {
    runId: text("run_id").notNull(),
    checkId: text("check_id").notNull(),
    seq: integer("seq").notNull(),
    outcome: text("outcome").notNull(),
    count: integer("count").notNull(),
    first: jsonb("first").notNull(),
    last: jsonb("last").notNull(),
    /** When the row was last written, as a position of golive_segment_touch (see Store.segmentsSince). */
    touched: bigint("touched", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.runId, t.checkId, t.seq] })],
);

/** Per-hour aggregates, one row per check and hour (`start`); the minutes are in sampleMinutes. */
export const sampleAgg = pgTable(
  "golive_sample_agg",
  {
    runId: text("run_id").notNull(),
    checkId: text("check_id").notNull(),
    start: bigint("start", { mode: "number" }).notNull(),
    n: integer("n").notNull(),
    pass: integer("pass").notNull(),
    fail: integer("fail").notNull(),
    inconclusive: integer("inconclusive").notNull(),
    error: integer("error").notNull(),
    durSum: doublePrecision("dur_sum").notNull(),
    durMax: doublePrecision("dur_max").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.checkId, t.start] })],
);

/** One check's minutes of one hour, side by side (index i of each array is one minute); n is the sum of the outcomes. */
export const sampleMinutes = pgTable(
  "golive_sample_minutes",
  {
    runId: text("run_id").notNull(),
    checkId: text("check_id").notNull(),
    hour: bigint("hour", { mode: "number" }).notNull(),
    minute: smallint("minute").array().notNull(),
    pass: integer("pass").array().notNull(),
    fail: integer("fail").array().notNull(),
    inconclusive: integer("inconclusive").array().notNull(),
    error: integer("error").array().notNull(),
    durSum: doublePrecision("dur_sum").array().notNull(),
    durMax: doublePrecision("dur_max").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.checkId, t.hour] })],
);

export const outbox = pgTable("golive_outbox", {
  id: text("id").primaryKey(),
  runId: text("run_id"),
  channel: text("channel").notNull(),
  eventType: text("event_type").notNull(),
  dedupKey: text("dedup_key").notNull(),
  payload: jsonb("payload").notNull(),
  state: text("state").notNull(),
  attempts: integer("attempts").notNull(),
  nextAt: bigint("next_at", { mode: "number" }).notNull(),
  leaseHolder: text("lease_holder"),
  leaseUntil: bigint("lease_until", { mode: "number" }),
  lastError: text("last_error"),
  createdAt: text("created_at").notNull(),
  sentAt: text("sent_at"),
});

export const deliveries = pgTable(
  "golive_deliveries",
  {
    outboxId: text("outbox_id").notNull(),
    attempt: integer("attempt").notNull(),
    channel: text("channel").notNull(),
    atMs: bigint("at_ms", { mode: "number" }).notNull(),
    ok: boolean("ok").notNull(),
    status: integer("status"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
  },
  (d) => [primaryKey({ columns: [d.outboxId, d.attempt] })],
);
