import type {
  AssignmentFact, AlertSource, AttestationFact, CheckpointFact, CheckResultFact, Facts, IncidentFact, ItemFact, PhaseFact, SignoffFact, TaskFact, StepFact, WaiverFact, WaveFact, HypercareFact,
} from "../core/model/facts.ts";
import type { Segment } from "../core/samples/summary.ts";
import type { OutboxInput, OutboxQueue } from "./outbox.ts";

export type { DeliveryOutcome, DeliveryRecord, OutboxAudit, OutboxInput, OutboxQueue, OutboxRecord, OutboxState } from "./outbox.ts";

// The store's one interface. Both drivers (PGlite, PostgreSQL) implement it with the same SQL;
// every change is one transaction that also appends a hash-chained audit event.

/** A runbook as uploaded, addressed by the SHA-256 of its source text. */
export interface StoredRunbook {
  hash: string;
  runbookId: string;
  title: string;
  source: string;
  createdAt: string;
  createdBy: string;
}

/** An admin's approval of one runbook text (by its hash): its command checks may run. */
export interface RunbookApproval {
  runbookHash: string;
  approvedBy: string;
  approvedAt: string;
}

/**
 * An admin's withdrawal of a runbook text's approval (the last one, by its hash): the command
 * checks are held again until an admin approves once more. Keeps whose approval it ended.
 */
export interface RunbookWithdrawal {
  runbookHash: string;
  withdrawnBy: string;
  withdrawnAt: string;
  reason: string;
  approvedBy: string;
  approvedAt: string;
}

/** One execution of a runbook. `version` grows by one with every change to the run. */
export interface RunRecord {
  id: string;
  name: string;
  runbookHash: string;
  version: number;
  meta: Facts["run"];
  assignments: Record<string, string[]>;
  active: boolean;
  createdAt: string;
  createdBy: string;
  /** A rehearsal (notifies only a test channel, compared in the review) or the live go-live. */
  kind: RunKind;
}

/** What a run is: a rehearsal or the live go-live. */
export type RunKind = "rehearsal" | "live";

export interface IncidentUpdate {
  id: string;
  at: string;
  by: string;
  text: string;
  status?: string | undefined;
  eta?: string | undefined;
  impact?: string | undefined;
  severity?: string | undefined;
  /** The alert group's state after this update (incidents opened by Alertmanager). */
  alert?: AlertSource | undefined;
}

/** Resolves an incident; `alert` is the group's state when Alertmanager resolved it. */
export interface IncidentResolve {
  id: string;
  at: string;
  by: string;
  alert?: AlertSource | undefined;
}

/** A fact appended to a run; the kinds fold into the model's `Facts`. */
export type FactInput =
  | { kind: "item"; data: ItemFact }
  | { kind: "assignment"; data: AssignmentFact }
  | { kind: "check"; data: CheckResultFact }
  | { kind: "signoff"; data: SignoffFact }
  | { kind: "waiver"; data: WaiverFact }
  | { kind: "step"; data: StepFact }
  | { kind: "checkpoint"; data: CheckpointFact }
  | { kind: "attestation"; data: AttestationFact }
  | { kind: "wave"; data: WaveFact }
  | { kind: "hypercare"; data: HypercareFact }
  | { kind: "incident"; data: IncidentFact }
  | { kind: "incident_update"; data: IncidentUpdate }
  | { kind: "incident_resolve"; data: IncidentResolve }
  | { kind: "phase"; data: PhaseFact }
  | { kind: "task"; data: TaskFact };

export type FactKind = FactInput["kind"];

/** One entry of the append-only audit log; `hash` covers every other field and `prevHash`. */
export interface AuditEvent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  runId: string | null;
  subject: string;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

export type GlobalRole = "admin" | "editor" | "viewer";
export type TokenScope = "read" | "write";

export interface UserRecord {
  name: string;
  passwordHash: string;
  role: GlobalRole;
  disabled: boolean;
  createdAt: string;
}

export interface SessionRecord {
  idHash: string;
  userName: string;
  csrf: string;
  expiresAt: string;
}

export interface TokenRecord {
  id: string;
  name: string;
  userName: string;
  secretHash: string;
  scope: TokenScope;
  createdAt: string;
  revokedAt: string | null;
}

export interface FileRecord {
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
  bytes: Buffer;
}

/** Who made a change and when (the clock is the caller's). */
export interface Change {
  actor: string;
  at: string;
}

export interface AppendOptions extends Change {
  /** Notifications the fact causes: written in the same transaction (skipped when queued already). */
  outbox?: readonly OutboxInput[] | undefined;
  /** The run version the writer saw; a mismatch is a ConflictError, never an overwrite. */
  expectedVersion?: number | undefined;
  /** What the audit event calls the change, e.g. `item.set`. */
  action: string;
  /** The thing changed, e.g. `item:db-backup`; the audit event's before is its previous fact. */
  subject: string;
}

export interface AppendResult {
  version: number;
  event: AuditEvent;
}

export interface RunPatch {
  name?: string | undefined;
  meta?: Facts["run"] | undefined;
  assignments?: Record<string, string[]> | undefined;
  active?: boolean | undefined;
}

/** Persistence for runbooks, runs, facts, accounts, the audit chain and the notification outbox. */
export interface Store extends OutboxQueue {
  readonly driver: "pglite" | "postgres";
  /**
   * True when this process is the database's only writer (the embedded database locks its
   * directory): every change is one this process made, so nothing needs re-reading.
   */
  readonly exclusive: boolean;
  /** Resolves when the database answers a query. */
  ping(): Promise<void>;
  /**
   * Calls `onChange` soon after any instance commits an audit event (PostgreSQL LISTEN/NOTIFY);
   * undefined where the database cannot tell (then readers poll). Returns the stop function.
   */
  listen?(onChange: () => void, onState?: (listening: boolean) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;

  /** Stores a runbook source; the same text twice gives the same record (no new audit event). */
  putRunbook(rb: { source: string; runbookId: string; title: string }, change: Change): Promise<StoredRunbook>;
  getRunbook(hash: string): Promise<StoredRunbook | undefined>;
  listRunbooks(): Promise<Omit<StoredRunbook, "source">[]>;
  /**
   * Records that `change.actor` approved the runbook text `hash` (audited `runbook.approve`). The
   * first approval stands: approving again returns it with `created: false` and no new event.
   */
  approveRunbook(hash: string, change: Change): Promise<{ approval: RunbookApproval; created: boolean }>;
  getRunbookApproval(hash: string): Promise<RunbookApproval | undefined>;
  /**
   * Withdraws the approval of the runbook text `hash` (audited `runbook.approval_withdraw`, with
   * whose approval it was and the reason, in the same transaction). Undefined when the text has no
   * approval to withdraw (nothing recorded); NotFoundError for an unknown runbook. A later
   * approveRunbook approves it again.
   */
  withdrawRunbookApproval(hash: string, reason: string, change: Change): Promise<RunbookWithdrawal | undefined>;
  /** The last withdrawal of the runbook text `hash`'s approval, if any (it may have been approved again since). */
  getRunbookWithdrawal(hash: string): Promise<RunbookWithdrawal | undefined>;

  createRun(run: { id: string; name: string; runbookHash: string; meta: Facts["run"]; assignments?: Record<string, string[]>; kind?: RunKind }, change: Change): Promise<RunRecord>;
  getRun(id: string): Promise<RunRecord | undefined>;
  listRuns(): Promise<RunRecord[]>;
  updateRun(id: string, patch: RunPatch, opts: Change & { expectedVersion?: number | undefined }): Promise<AppendResult & { run: RunRecord }>;
  /** The run and its facts folded into the model's shape. */
  loadFacts(runId: string): Promise<{ run: RunRecord; facts: Facts } | undefined>;
  appendFact(runId: string, fact: FactInput, opts: AppendOptions): Promise<AppendResult>;
  /**
   * The run and the part of its fact log a fold needs: with `afterVersion`, the facts after it;
   * without, the stored snapshot when it checks out (its hash, and the log's chain at its version)
   * and the facts after it, else every fact and why the snapshot was rejected.
   */
  loadRunState(runId: string, afterVersion?: number): Promise<RunState | undefined>;
  /** Stores a run's fold at a version (kept only when not older than the stored one, unless `replace`). */
  putSnapshot(runId: string, point: FoldPoint, opts?: { replace?: boolean }): Promise<void>;

  /**
   * Records check samples (a scheduler round) in one transaction: each goes to the samples table
   * and into its check's summary; a sample whose outcome differs from the check's previous one is
   * also appended as a `check` fact with its audit event (a change, not a measurement). A late
   * sample (older than its check's latest) changes no outcome and appends no fact (see
   * foldLateSample); one whose hour is aggregated already is folded into its hour row, and into
   * its minute while that hour's minutes are kept, exactly once, in whatever order samples come.
   */
  recordSamples(runId: string, samples: readonly CheckResultFact[], change: Change): Promise<RecordedSamples>;
  /** Every check's summary segments of a run, by check then seq. */
  loadSegments(runId: string): Promise<Segment[]>;
  /**
   * The run's segments written after position `after` (-1: all), by check then seq, and the position
   * to ask from next. One run's positions commit in order, so nothing is skipped: a reader pays
   * for what changed since its last read, not for the run's whole summary.
   */
  segmentsSince(runId: string, after: number): Promise<{ segments: Segment[]; touched: number }>;
  /** A check's latest segment (its `last` is the check's latest sample): one indexed row, whatever the history. */
  lastSegment(runId: string, checkId: string): Promise<Segment | undefined>;
  /** A check's history in whole buckets of `width`, from the one holding `fromMs` to the one holding `toMs - 1`: aggregates, and raw samples where those are not written yet. */
  sampleHistory(runId: string, check: string, q: { fromMs: number; toMs: number; width: SampleWidth }): Promise<SampleBucket[]>;
  /**
   * Downsampling: aggregates the samples of hours that ended 15 minutes before `nowMs` or earlier
   * (a round's samples arrive when its slowest check ends) per hour; deletes raw
   * samples older than `rawMs` (by whole hours), writing their per-minute aggregates first unless
   * those are older than `minuteMs`; deletes the hours of minutes older than `minuteMs` (never
   * fewer than an earlier call deleted: from then on a late sample there counts in its hour only);
   * and makes their space reusable.
   */
  rollupSamples(runId: string, nowMs: number, keep: { rawMs: number; minuteMs: number }): Promise<void>;

  /** Audit events after `afterSeq` (of one run when runId is given), oldest first. */
  listAudit(opts: { runId?: string | undefined; afterSeq?: number | undefined; limit?: number | undefined }): Promise<AuditEvent[]>;
  /** The sequence number of the newest audit event and its hash. */
  auditHead(): Promise<{ seq: number; hash: string }>;

  createUser(user: Omit<UserRecord, "createdAt">, change: Change): Promise<UserRecord>;
  getUser(name: string): Promise<UserRecord | undefined>;
  listUsers(): Promise<UserRecord[]>;
  updateUser(name: string, patch: { passwordHash?: string; role?: GlobalRole; disabled?: boolean }, change: Change): Promise<UserRecord>;
  countUsers(): Promise<number>;

  createSession(s: SessionRecord): Promise<void>;
  getSession(idHash: string): Promise<SessionRecord | undefined>;
  deleteSession(idHash: string): Promise<void>;

  createToken(t: Omit<TokenRecord, "revokedAt">, change: Change): Promise<TokenRecord>;
  getToken(id: string): Promise<TokenRecord | undefined>;
  listTokens(userName?: string): Promise<TokenRecord[]>;
  revokeToken(id: string, change: Change): Promise<TokenRecord>;
  /**
   * Records that a token tried an act only a person may do (audited `token.refused`, subject
   * `token:<id>`, `after` the route and the act): nothing else changes.
   */
  recordTokenRefusal(r: { tokenId: string; route: string; what: string }, change: Change): Promise<void>;

  /** Stores a file by its hash (idempotent). */
  putFile(f: FileRecord): Promise<void>;
  getFile(sha256: string): Promise<FileRecord | undefined>;

  /** Takes or renews the lease `name` for `holder` until now+ttl; false when another holder has it. */
  tryLease(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `holder` has it (a no-op otherwise). */
  releaseLease(name: string, holder: string): Promise<void>;
}

/** A run with a snapshot of its fold (when one checks out) and the facts after it, oldest first. */
export interface RunState {
  run: RunRecord;
  snapshot?: FoldPoint;
  /** Why a stored snapshot was not used (then `tail` is the whole log). */
  rejected?: string;
  tail: StoredFact[];
}

/** What recordSamples changed: the run's version after it, the facts it appended and the segments it wrote. */
export interface RecordedSamples {
  version: number;
  /** The outcome changes appended to the log, in version order, with the samples they record. */
  facts: (AppendResult & { data: CheckResultFact })[];
  /** Each segment it wrote as it stands after the round (the checks' last ones, late marks). */
  segments: Segment[];
  /** The highest segment position the round wrote (-1 when it wrote none). */
  touched: number;
}

/** Bucket widths of a check's history. */
export type SampleWidth = "1m" | "1h";

/** One bucket of a check's history: how many samples, by outcome, and their durations. */
export interface SampleBucket {
  start: number;
  n: number;
  pass: number;
  fail: number;
  inconclusive: number;
  error: number;
  durSum: number;
  durMax: number;
}

/** A write based on a stale version: the caller must re-read and retry. */
export class ConflictError extends Error {
  override name = "ConflictError";
  constructor(readonly expected: number, readonly actual: number) {
    super(`stale version ${expected}: the run is at version ${actual}`);
  }
}

/** The record a change refers to does not exist. */
export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/** A record with this key exists already. */
export class DuplicateError extends Error {
  override name = "DuplicateError";
}

/** A fact as the log stores it: its run version and the chain link after it (null before migration 21 filled it). */
export type StoredFact = FactInput & { version: number; chain: string | null };

/** What the fact log folds into (the run's own fields come from its record). */
export type FactLists = Omit<Facts, "$schema" | "run" | "assignments">;

/** A fold at a version, as a snapshot keeps it. */
export interface FoldPoint {
  /** The version of the last fact folded (0: none). */
  version: number;
  /** The chain link after that fact. */
  chain: string;
  lists: FactLists;
}
