// The one seam between the dashboard and the server's code: types only, erased at build time.
import type { RunEvent as ApiRunEvent, SetItemBody, CheckpointBody, CommandApproval as ApiCommandApproval, TextApproval as ApiTextApproval } from "../../../src/api/schemas.ts";
import type { ErrorBody as ApiErrorBody, ErrorCode as ApiErrorCode } from "../../../src/api/errors.ts";
import type { ItemsPage as ApiItemsPage, ItemsSummary as ApiItemsSummary } from "../../../src/api/items-page.ts";
import type { RunStatus as EngineRunStatus } from "../../../src/core/engine/types.ts";
import type { Facts as ModelFacts, Evidence as ModelEvidence, ItemFact as ModelItemFact, CheckResultFact as ModelCheckResultFact, IncidentFact as ModelIncidentFact } from "../../../src/core/model/facts.ts";
import type { Runbook as ModelRunbook, Section as ModelSection, Step as ModelStep, Verify as ModelVerify } from "../../../src/core/model/runbook.ts";

export type * from "../../../src/core/engine/types.ts";
export type { NotificationsView, NotificationChannel, NotificationDelivery } from "../../../src/api/notifications.ts";
export type RunEvent = ApiRunEvent;
export type ErrorBody = ApiErrorBody;
export type ErrorCode = ApiErrorCode;
export type RunStatus = EngineRunStatus;
export type Facts = ModelFacts;
export type Evidence = ModelEvidence;
export type ItemFact = ModelItemFact;
export type CheckResultFact = ModelCheckResultFact;
export type IncidentFact = ModelIncidentFact;
export type Runbook = ModelRunbook;
export type Section = ModelSection;
export type Step = ModelStep;
export type Verify = ModelVerify;
export type SetItem = SetItemBody;
export type Checkpoint = CheckpointBody;
export type CommandApproval = ApiCommandApproval;
export type TextApproval = ApiTextApproval;

/** A huge runbook's status carries its first items only; the summary counts them all; the rest come by page. */
export type ItemsSummary = ApiItemsSummary;
export type ItemsPage = ApiItemsPage;

/** GET /api/runs/:id/status. */
export interface StatusPayload {
  run: string;
  version: number;
  state_hash: string;
  status: RunStatus;
  items_page?: ItemsSummary;
  /** When the runbook has command checks: their approval and what waits for it. */
  commands?: CommandApproval;
  /** When an approval of the runbook text decides anything (members it names, command checks): who approved it, or who withdrew it. */
  approval?: TextApproval;
  /**
   * False when the runbook text names role members and no admin vouched for it (approved it):
   * then only the run's assignments act in its roles. Absent when they count.
   */
  text_members?: false;
}

/** A run as GET /api/runs lists it. */
export interface RunSummary {
  id: string;
  name: string;
  runbook: string;
  version: number;
  active: boolean;
  date?: string;
  timezone?: string;
  golive_at?: string;
  started_at?: string;
  assignments: Record<string, string[]>;
  created_at: string;
  created_by: string;
}

/** GET /api/runs/:id. */
export interface RunDetail extends RunSummary {
  facts: Facts;
}

/** GET /api/runbooks/:hash. */
export interface RunbookDetail {
  hash: string;
  runbook_id: string;
  title: string;
  runbook: Runbook;
}

/** GET /api/auth/me. */
export interface Me {
  user: string;
  role: "admin" | "editor" | "viewer";
  via: "session" | "token";
  scope: "read" | "write";
}

/** One audit event as GET /api/audit returns it. */
export interface AuditEventView {
  seq: number;
  runId: string | null;
  action: string;
  subject: string;
  actor: string;
  at: string;
  hash?: string;
  prevHash?: string;
  before?: unknown;
  after?: unknown;
}

/** An account as GET /api/users lists it (admins only; never its password hash). */
export interface UserView {
  name: string;
  role: Me["role"];
  disabled: boolean;
  created_at: string;
}

/** An API token as listed (its secret is shown once, at creation). */
export interface TokenView {
  id: string;
  name: string;
  user: string;
  scope: "read" | "write";
  created_at: string;
  revoked_at: string | null;
  token?: string;
}

/** GET /api/audit/verify (admins). */
export type ChainVerdict = { ok: true; events: number; head: string } | { ok: false; events: number; seq: number; reason: string };
