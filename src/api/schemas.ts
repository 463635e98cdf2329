import { z } from "zod";
import { MAX_RUNBOOK_BYTES } from "./limits.ts";
import { Evidence } from "../core/model/facts.ts";
import { DurationText } from "../core/model/primitives.ts";
import { errorCatalogue } from "./errors.ts";

// Request payloads of the HTTP API, shared by the server (validation), the CLI client and the web
// dashboard (types). Keys are snake_case like the runbook and facts.

const Id = z.string().min(1).max(200);
const At = z.iso.datetime({ offset: true });
/** The run version the client read: a write based on an older one gets GOLIVE_E_CONFLICT. */
const Version = z.number().int().min(1).describe("The run version you read (optimistic concurrency).");

export const ErrorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.enum(Object.keys(errorCatalogue) as [keyof typeof errorCatalogue, ...(keyof typeof errorCatalogue)[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export const LoginBody = z.strictObject({ user: z.string().min(1).max(200), password: z.string().min(1).max(1000) });
export const RoleName = z.enum(["admin", "editor", "viewer"]);
export const CreateUserBody = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._@-]{1,100}$/, "letters, digits, . _ @ -"),
  password: z.string().min(12, "at least 12 characters").max(1000),
  role: RoleName,
});
export const UpdateUserBody = z.strictObject({
  password: z.string().min(12, "at least 12 characters").max(1000).optional(),
  role: RoleName.optional(),
  disabled: z.boolean().optional(),
});
export const CreateTokenBody = z.strictObject({ name: z.string().min(1).max(200), scope: z.enum(["read", "write"]) });

/** An IANA time zone name that this server's Intl knows (Asia/Ho_Chi_Minh, UTC, ...). */
export const TimeZone = z.string().min(1).max(100).refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "an IANA time zone such as Asia/Ho_Chi_Minh or UTC");

export const UploadRunbookBody = z
  .strictObject({
    // The limit is in UTF-8 bytes (MAX_RUNBOOK_BYTES), checked by the route with a 413 naming it.
    source: z.string().min(1).optional().describe(`The runbook's YAML text (at most ${MAX_RUNBOOK_BYTES} bytes as UTF-8).`),
    runbook: z.record(z.string(), z.unknown()).optional().describe("The runbook as data (an edited import preview); stored as YAML."),
    file: z.string().max(200).optional().describe("A name for diagnostics."),
  })
  .refine((b) => (b.source === undefined) !== (b.runbook === undefined), "send either source (YAML text) or runbook (data), not both");
export const PreviewRunbookBody = z.strictObject({
  source: z.string().min(1).describe(`A Markdown go-live document or a runbook's YAML (at most ${MAX_RUNBOOK_BYTES} bytes as UTF-8).`),
  file: z.string().max(200).optional().describe("The file's name: `.md`/`.markdown` is read as Markdown, `.yaml`/`.yml`/`.json` as a runbook."),
  format: z.enum(["markdown", "yaml"]).optional().describe("Overrides the guess from the file name and the text."),
});
export const CreateRunBody = z.strictObject({
  runbook: z.string().regex(/^[0-9a-f]{64}$/).describe("The runbook's content hash."),
  name: z.string().min(1).max(200),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/).optional(),
  date: z.iso.date().optional(),
  timezone: TimeZone.optional().describe("The run's time zone (default: the runbook's)."),
  golive_at: At.optional(),
  assignments: z.record(Id, z.array(Id)).optional(),
  start: z.boolean().optional().describe("Start the run now: records `started_at`."),
  kind: z.enum(["rehearsal", "live"]).default("live").describe("A rehearsal (notifies only a test channel, compared in the review) or the live go-live."),
  rebaseline: z.boolean().optional().describe("At start, move the planned times and the rollback deadline to the actual start (default: for rehearsals)."),
});
export const UpdateRunBody = z.strictObject({
  version: Version,
  name: z.string().min(1).max(200).optional(),
  date: z.iso.date().optional(),
  timezone: TimeZone.optional().describe("The run's time zone (default: the runbook's)."),
  golive_at: At.optional(),
  assignments: z.record(Id, z.array(Id)).optional().describe("Runbook role id -> accounts, for this run (each role named replaces its list). Admins and members of a role with `assigns: true` only; never oneself."),
  reason: z.string().min(1).max(2000).optional().describe("Why the assignments change (recorded with the change)."),
  active: z.boolean().optional(),
  start: z.literal(true).optional().describe("Start the run now (once): records `started_at`."),
  rebaseline: z.boolean().optional().describe("With start: move the planned times and the rollback deadline to the actual start (default: for rehearsals)."),
});

export const SetItemBody = z.strictObject({
  version: Version,
  state: z.enum(["done", "not_done", "failed", "not_applicable"]),
  evidence: z.array(Evidence).max(20).default([]),
  note: z.string().max(5_000).optional(),
});
export const MAX_FILE_BYTES = 1_048_576;
export const UploadFileBody = z.strictObject({
  name: z.string().min(1).max(200),
  media_type: z.string().max(200).default("application/octet-stream"),
  content_base64: z.string().max(Math.ceil(MAX_FILE_BYTES / 3) * 4, `at most ${MAX_FILE_BYTES} bytes`),
});
export const RunChecksBody = z.strictObject({
  checks: z.array(Id).optional(),
  gates: z.array(Id).optional(),
  waves: z.array(Id).optional(),
});
export const WaveActionBody = z.strictObject({ version: Version.optional() });
export const StepAction = z.enum(["start", "verify", "done", "fail", "rollback", "rolled_back"]);
export const StepActionBody = z.strictObject({ version: Version.optional(), note: z.string().max(5_000).optional() });
export const HypercareBody = z.strictObject({
  version: Version.optional(),
  extend_by: DurationText.max(20).optional().describe("How much longer (extend only), e.g. 12h."),
  comment: z.string().max(5_000).optional().describe("Why: required to extend."),
});
export const CheckpointBody = z.strictObject({
  version: Version.optional(),
  decision: z.enum(["go", "no_go"]),
  comment: z.string().max(5_000).optional(),
});
export const SignoffBody = z.strictObject({
  version: Version.describe("The run version whose state you saw and sign: its hash is recorded."),
  comment: z.string().max(5_000).optional(),
});
export const WaiverBody = z.strictObject({
  version: Version.optional(),
  id: Id.optional(),
  policy: Id,
  target: Id,
  expires: At,
  reason: z.string().min(1).max(5_000),
});
/** Withdrawing a runbook text's approval: why (recorded in the audit event, shown on the run). */
export const WithdrawApprovalBody = z.strictObject({
  reason: z.string().trim().min(1).max(2_000).describe("Why the approval is withdrawn (e.g. the incident review that found the command unsafe)."),
});
export const OpenIncidentBody = z.strictObject({
  title: z.string().min(1).max(500),
  severity: Id,
  impact: z.string().max(5_000).optional(),
  status: z.string().max(5_000).optional(),
  eta: z.string().max(200).optional(),
});
export const IncidentUpdateBody = z.strictObject({
  text: z.string().min(1).max(5_000),
  severity: Id.optional(),
  impact: z.string().max(5_000).optional(),
  status: z.string().max(5_000).optional(),
  eta: z.string().max(200).optional(),
});
export const AttestationBody = z.strictObject({
  version: Version.optional(),
  met: z.boolean().optional(),
  value: z.union([z.number(), z.string()]).optional(),
  evidence: z.array(Evidence).max(20).default([]),
});
export const PhaseBody = z.strictObject({
  version: Version.optional(),
  started_at: At.optional(),
  ended_at: At.optional(),
});
export const AuditQuery = z.strictObject({
  run: Id.optional(),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export type LoginBody = z.infer<typeof LoginBody>;
export type CreateUserBody = z.infer<typeof CreateUserBody>;
export type CreateTokenBody = z.infer<typeof CreateTokenBody>;
export type UploadRunbookBody = z.infer<typeof UploadRunbookBody>;
export type PreviewRunbookBody = z.infer<typeof PreviewRunbookBody>;
export type CreateRunBody = z.infer<typeof CreateRunBody>;
export type UpdateRunBody = z.infer<typeof UpdateRunBody>;
export type SetItemBody = z.input<typeof SetItemBody>;
export type UploadFileBody = z.input<typeof UploadFileBody>;
export type SignoffBody = z.infer<typeof SignoffBody>;
export type WaiverBody = z.infer<typeof WaiverBody>;
export type CheckpointBody = z.infer<typeof CheckpointBody>;

/**
 * Whether an admin vouched for a run's runbook text (in GET /api/runs/:id/status, when that
 * decides anything: the text names role members or has command checks). Approved: who and when;
 * else, after a withdrawal, who withdrew it, when and why; else empty (never approved).
 */
export interface TextApproval {
  approved_by?: string;
  approved_at?: string;
  withdrawn_by?: string;
  withdrawn_at?: string;
  withdrawn_reason?: string;
}

/** The approval state of a run's command checks (in GET /api/runs/:id/status, when the runbook has any). */
export interface CommandApproval {
  /** The command checks of the runbook. */
  checks: string[];
  /** Whether the server runs command checks at all (`--allow-commands`). */
  allowed: boolean;
  /** Who approved the runbook text, and when (an admin's upload approves it). */
  approved_by?: string;
  approved_at?: string;
  /** Unapproved after a withdrawal: who withdrew the approval, when, and why. */
  withdrawn_by?: string;
  withdrawn_at?: string;
  withdrawn_reason?: string;
  /** The checks that do not run until an admin approves (empty once approved, or when commands are off). */
  held: string[];
}

/** One server-sent event on a run's stream: `id` is the audit sequence number. */
export interface RunEvent {
  seq: number;
  run: string;
  action: string;
  subject: string;
  actor: string;
  at: string;
  version: number | null;
}
