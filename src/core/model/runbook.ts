import { z } from "zod";
import { Hypercare } from "./hypercare.ts";
import { ClockTime, DueText, DurationText, Id, IdList, IsoDate, Link, Requires, Text } from "./primitives.ts";

// The runbook format: one definition from which the validator and the JSON Schema are both made.
// Keys are snake_case as written in YAML; the loaded model keeps them as they are.

export type { Requires };

const OneOrMany = <T extends z.ZodType>(t: T) => z.union([t, z.array(t)]);

export const RoleRefs = OneOrMany(Id).describe("A role id, or a list of role ids.");

export const Meta = z
  .strictObject({
    id: Id.describe("Stable id of the runbook."),
    title: Text.describe("Title, in any language."),
    system: Text.optional().describe("The system going live."),
    version: z.union([z.string(), z.number()]).optional().describe("The document's version."),
    date: IsoDate.optional().describe("Planned go-live date."),
    timezone: z.string().default("UTC").describe("IANA time zone for clock times, e.g. Asia/Ho_Chi_Minh."),
    language: z.string().optional().describe("Language of the titles (en, vi, id, ...)."),
    owner: Text.optional(),
    description: z.string().optional(),
    links: z.array(Link).default([]),
    facts: z
      .array(z.strictObject({ name: Text, value: z.string() }))
      .default([])
      .describe("Deployment facts: image, replicas, probes, ..."),
  })
  .describe("What the runbook is about.");

export const Role = z
  .strictObject({
    id: Id,
    title: Text.optional(),
    members: z.array(Text).default([]).describe("Accounts (user names or e-mails) that act in this role."),
    assigns: z
      .boolean()
      .default(false)
      .describe("Its members may assign accounts to this run's roles (never themselves); admins always may."),
  })
  .describe("A role that owns work or signs off (PO, Tech Lead, QA Lead, DevOps, ...).");

export const Contact = z
  .strictObject({
    role: Id,
    name: z.string().optional(),
    phone: z.string().optional(),
    backup: z.string().optional(),
    channel: z.string().optional(),
  })
  .describe("An emergency contact.");

/** `for_each: { service: services }` or `{ service: [a, b] }`: the section, check or step is written once and repeated. */
export const ForEach = z
  .record(z.string().regex(/^[a-z_][a-z0-9_]*$/, "a variable name (lower case)"), z.union([Id, z.array(Text).min(1)]))
  .describe("Repeat for each value: { VAR: [values] } or { VAR: NAME_OF_LIST_IN_vars }; {{VAR}} in texts and ids is replaced.");

/** An id that may hold `{{var}}` placeholders, filled in when a for_each section is expanded. */
const TemplatedId = z
  .string()
  .regex(/^(?:[\p{L}\p{N}]|\{\{\s*[a-z_][a-z0-9_]*\s*\}\})(?:[\p{L}\p{N}_.\-[\]]|\{\{\s*[a-z_][a-z0-9_]*\s*\}\})*$/u, "an id (e.g. G-1, W1, 9a), optionally with {{var}} placeholders")
  .describe("An identifier; inside for_each it may contain {{var}}.");

export const Evidence = z.enum(["none", "optional", "required"]).describe("Whether ticking the item needs evidence.");

export const Item = z
  .strictObject({
    id: Id,
    title: Text,
    owner: RoleRefs.optional(),
    check: TemplatedId.optional().describe("The check that automates this item; absent for a manual item. In a for_each section it may use {{var}}, e.g. svc-health[{{service}}]."),
    command: z.string().optional().describe("A command a person runs (shown, not executed)."),
    due: DueText.optional(),
    evidence: Evidence.default("optional"),
    depends_on: IdList.describe("Items that must be done first."),
    done: z.boolean().optional().describe("Initial state recorded in the document (imported checkbox)."),
    optional: z
      .boolean()
      .default(false)
      .describe("Not needed for go. Items are required by default: an open required item that no gate names still blocks go, through its section's readiness. A gate that names an optional item still waits for it."),
    notes: z.string().optional(),
    links: z.array(Link).optional().describe("References the item points to (a plan, a runbook page, a dashboard), as the document linked them: shown, never fetched."),
  })
  .describe("A checklist item, manual or automated.");

export type SectionInput = {
  id: string;
  title: string;
  owner?: string | string[] | undefined;
  due?: string | undefined;
  for_each?: Record<string, string | string[]> | undefined;
  description?: string | undefined;
  items?: z.input<typeof Item>[] | undefined;
  sections?: SectionInput[] | undefined;
};

export const Section: z.ZodType<Section, SectionInput> = z.lazy(() =>
  z
    .strictObject({
      id: Id,
      title: Text,
      owner: RoleRefs.optional().describe("Default owner of the items."),
      due: DueText.optional().describe("Default due time of the items."),
      for_each: ForEach.optional(),
      description: z.string().optional(),
      items: z.array(Item).default([]),
      sections: z.array(Section).default([]),
    })
    .describe("A checklist section; sections nest."),
);
export type Section = {
  id: string;
  title: string;
  owner?: string | string[] | undefined;
  due?: string | undefined;
  for_each?: Record<string, string | string[]> | undefined;
  description?: string | undefined;
  items: Item[];
  sections: Section[];
};

export const Check = z
  .strictObject({
    id: Id,
    title: Text.optional(),
    kind: z.string().describe("http, tcp, tls, dns, prometheus, sql, command or load."),
    config: z.record(z.string(), z.unknown()).default({}).describe("Kind-specific settings; `${env:NAME}` reads a secret."),
    conditions: OneOrMany(z.string()).default([]).describe("All must hold, e.g. `status == 200`, `p95 < 1s`."),
    timeout: DurationText.optional(),
    retries: z.number().int().min(0).max(10).optional(),
    interval: DurationText.optional().describe("Time between samples."),
    count: z.number().int().min(1).optional().describe("Number of samples."),
    for: DurationText.optional().describe("The conditions must hold at every sample for this long."),
    failure_limit: z.number().int().min(0).optional(),
    inconclusive_limit: z.number().int().min(0).optional(),
    advisory: z.boolean().default(false).describe("Shown but never blocks."),
    needs: z
      .array(TemplatedId)
      .default([])
      .describe("Checks that must pass before this one runs; with for_each, e.g. svc-live[{{service}}]."),
    for_each: ForEach.optional(),
  })
  .describe("An automated check.");

export const Gate = z
  .strictObject({
    id: Id,
    title: Text,
    owner: RoleRefs.optional(),
    requires: Requires.prefault({}),
    description: z.string().optional(),
  })
  .describe("A gate passes when its checks pass and its items are done.");

export const Attestation = z
  .strictObject({
    by: RoleRefs.describe("Roles that may attest."),
    condition: z.string().optional().describe("Condition on the attested `value`, e.g. `value >= 4`."),
  })
  .describe("A person measures and attests.");

export const Criterion = z
  .strictObject({
    id: Id,
    title: Text,
    target: z.string().optional().describe("The target as people read it, e.g. ≥ 99.5%."),
    measure: z.string().optional().describe("How it is measured."),
    check: Id.optional().describe("A check that measures it."),
    attest: Attestation.optional(),
  })
  .describe("An exit criterion of a wave: measured by a check or attested by a person.");

export const Wave = z
  .strictObject({
    id: Id,
    title: Text,
    requires: Requires.prefault({}).describe("What must pass before the wave may open."),
    soak: DurationText.optional().describe("Minimum time the wave runs before its exit may be declared."),
    cumulative: z.boolean().default(false).describe("The criteria cover this wave and the previous ones."),
    exit: z.array(Criterion).default([]),
    description: z.string().optional(),
  })
  .describe("A wave (pilot stage); waves open in order.");

export const Verify = z.union([
  z.string(),
  z.strictObject({ text: z.string().optional(), checks: IdList, command: z.string().optional() }),
]);

/** What the forecast needs of a task or step: how long it takes, when it may start, who runs it. */
const PlanFields = {
  duration: DurationText.optional().describe("Estimated duration (forecast); a task without one lasts until the next task's time in its phase."),
  not_before: DueText.optional().describe("Fixed start: it never starts before this time, however early its predecessors finish."),
  stream: Text.optional().describe("The stream or team that runs it (a lane on the time axis)."),
};

export const Window = z.strictObject({ start: DueText, end: DueText.optional() });

// A step nests steps, so zod cannot infer its type: it is written once here, for the text as
// written (`in`) and as parsed (`out`), which differ only in the nested schemas and `steps`.
type Side<T extends z.ZodType, S extends "in" | "out"> = S extends "in" ? z.input<T> : z.output<T>;
type StepFields<S extends "in" | "out"> = {
  id: string;
  title: string;
  owner?: string | string[] | undefined;
  action?: string | undefined;
  command?: string | undefined;
  verify?: Side<typeof Verify, S> | undefined;
  rollback?: Side<typeof Verify, S> | undefined;
  window?: Side<typeof Window, S> | undefined;
  after?: string[] | undefined;
  duration?: string | undefined;
  not_before?: string | undefined;
  stream?: string | undefined;
  notes?: string | undefined;
  links?: { title: string; url: string }[] | undefined;
};
export type StepInput = StepFields<"in"> & { steps?: StepInput[] | undefined };
export type Step = StepFields<"out"> & { steps: Step[] };

export const Step: z.ZodType<Step, StepInput> = z.lazy(() =>
  z
    .strictObject({
      id: Id,
      title: Text,
      owner: RoleRefs.optional(),
      action: z.string().optional(),
      command: z.string().optional(),
      verify: Verify.optional().describe("How to verify: text, and checks that must pass."),
      rollback: Verify.optional().describe("How to undo the step."),
      window: Window.optional().describe("Planned window."),
      after: z.array(Id).optional().describe("Steps that must be done first (default: the previous step)."),
      ...PlanFields,
      notes: z.string().optional(),
      links: z.array(Link).optional().describe("References the step points to, as the document linked them: shown, never fetched."),
      steps: z.array(Step).default([]).describe("Sub-steps, e.g. 9a and 9b."),
    })
    .describe("A deploy step."),
);

export const Checkpoint = z
  .strictObject({
    id: Id,
    title: Text,
    at: DueText,
    approvers: RoleRefs,
    quorum: z.number().int().min(1).default(1),
    requires: Requires.prefault({}),
  })
  .describe("A go / no-go decision point.");

export const Task = z
  .strictObject({
    id: Id,
    at: DueText,
    title: Text,
    owner: RoleRefs.optional(),
    check: Id.optional(),
    item: Id.optional(),
    step: Id.optional(),
    after: z.array(Id).optional().describe("Tasks or steps (in any phase) that must finish first (default: the previous task)."),
    ...PlanFields,
  })
  .describe("A task on the timeline.");

export const Phase = z
  .strictObject({
    id: Id,
    title: Text,
    start: DueText,
    end: DueText.optional(),
    tasks: z.array(Task).default([]),
    checkpoint: Checkpoint.optional(),
  })
  .describe("A phase of the cutover timeline.");

export const Forecast = z
  .strictObject({
    finish: Id.optional().describe("The task or step whose finish ends the cutover, weighed against the rollback deadline (default: the last planned to finish by the deadline, else the last to finish)."),
    past_deadline: z.enum(["warn", "no_go"]).default("warn").describe("A forecast finish past the rollback deadline warns, or makes the verdict NO-GO."),
  })
  .describe("How the forecast finish is judged.");

export const Recovery = z
  .strictObject({
    from: Id.describe("The task or step where the outage (or the rollback) starts."),
    to: Id.describe("The task or step where service is back."),
    target: DurationText.describe("Recovery-time target between the start of `from` and the finish of `to`."),
  })
  .describe("A recovery-time target, measured in the review of each run.");

export const Timeline = z
  .strictObject({
    date: IsoDate.optional().describe("Defaults to meta.date or the run's date."),
    day: z.string().optional().describe("Day as the document says it (Saturday)."),
    start: ClockTime.optional(),
    end: ClockTime.optional(),
    rollback_deadline: ClockTime.optional().describe("After this time only fix-forward is allowed."),
    forecast: Forecast.optional(),
    recovery: Recovery.optional(),
    phases: z.array(Phase).default([]),
  })
  .describe("The cutover day's timeline.");

export const Communication = z
  .strictObject({
    audience: z.array(Text).default([]),
    channels: z.array(Text).default([]),
    within: DurationText.optional().describe("First message within."),
    update_every: DurationText.optional().describe("Update cadence."),
    when: z.string().optional().describe("On what occasion they are told, as the document says it (every phase start, incidents, go-live)."),
    note: z.string().optional(),
  })
  .describe("Who is told, where, how fast.");

export const TierAction = z.strictObject({
  id: Id.optional(),
  title: Text.optional().describe("What the row is about, e.g. the migration it undoes."),
  trigger: z.string().optional(),
  action: Text,
  verify: z.string().optional(),
  risk: z.string().optional(),
  check: Id.optional().describe("A check that detects the trigger."),
  notes: z.string().optional().describe("Warnings and pre-checks for this row."),
});

export const Tier = z
  .strictObject({
    id: Id,
    title: Text,
    budget: DurationText.optional().describe("Time budget for the tier."),
    downtime: z.boolean().optional(),
    description: z.string().optional(),
    only_after: IdList.describe("Tiers that must have failed first."),
    actions: z.array(TierAction).default([]).describe("Trigger -> action -> verify rows."),
    communication: Communication.optional(),
  })
  .describe("A rollback tier.");

export const RollbackTrigger = z.strictObject({
  id: Id,
  title: Text,
  condition: z.string().optional(),
  check: Id.optional(),
  severity: Id.optional(),
  alert: Text.optional().describe("An Alertmanager alert (its `alertname` label) that fires this trigger: the incident it opens calls for rollback and takes the trigger's severity."),
});

export const Decision = z
  .strictObject({
    issue: Text,
    severity: Id,
    rollback: z.enum(["yes", "no", "disable_feature"]),
    approvers: RoleRefs,
    note: z.string().optional(),
  })
  .describe("A row of the decision matrix.");

export const ProcedureStep = z.strictObject({
  id: Id.optional(),
  title: Text,
  command: z.string().optional(),
  notes: z.string().optional(),
});

export const Procedure = z
  .strictObject({
    id: Id,
    title: Text,
    when: z.string().optional(),
    owner: RoleRefs.optional(),
    steps: z.array(ProcedureStep).default([]),
  })
  .describe("A named procedure: recovery, common operation, command reference.");

export const Rollback = z
  .strictObject({
    principle: z.string().optional(),
    window: DurationText.optional().describe("Roll back if the problem appears within this time after deploy."),
    triggers: z.array(RollbackTrigger).default([]),
    tiers: z.array(Tier).default([]),
    decision_matrix: z.array(Decision).default([]),
    procedure: z.array(ProcedureStep).default([]),
    notes: z.array(z.string()).default([]),
  })
  .describe("The rollback plan.");

export const Signoff = z
  .strictObject({
    id: Id,
    title: Text,
    role: Id,
    quorum: z.number().int().min(1).default(1),
    requires: Requires.prefault({}),
    separate_from: IdList.describe("Sign-offs that must be given by different people (separation of duties)."),
    note: z.string().optional(),
  })
  .describe("A sign-off row.");

export const WaiverPolicy = z
  .strictObject({
    id: Id,
    title: Text,
    targets: z.array(Id).min(1).describe("Gates, criteria, checks or items this waiver may cover."),
    grantors: RoleRefs,
    max_duration: DurationText,
  })
  .describe("Who may waive what, for how long.");

export const Metric = z.strictObject({
  id: Id,
  title: Text,
  target: z.string().optional(),
  alert: z.string().optional(),
  check: Id.optional().describe("Check that measures the target."),
  alert_check: Id.optional().describe("Check that detects the alert threshold."),
});

export const MonitoringWindow = z
  .strictObject({
    id: Id,
    title: Text,
    from: DueText.default("+0s"),
    to: DueText.optional(),
    metrics: z.array(Metric).default([]),
  })
  .describe("Thresholds that hold for a window after go-live (first 24 h, day 1-7).");

export const Alert = z.strictObject({
  id: Id,
  title: z.string().optional(),
  trigger: z.string().optional(),
  expr: z.string().optional(),
  for: DurationText.optional(),
  severity: z.string().optional(),
  check: z.string().optional().describe("What to check."),
  fix: z.string().optional(),
  escalate: z.string().optional(),
  runbook_url: z.string().optional(),
});

export const Monitoring = z.strictObject({
  windows: z.array(MonitoringWindow).default([]),
  alerts: z.array(Alert).default([]),
});

export const Severity = z.strictObject({
  id: Id,
  title: Text,
  criteria: z.string().optional(),
  rollback: z.enum(["yes", "no", "disable_feature", "consider"]).optional(),
  communication: Communication.optional(),
  alerts: z.array(Text).default([]).describe("Alertmanager `severity` label values that map to this severity, e.g. [critical, page]."),
  on_alert_resolved: z
    .enum(["resolve", "update"])
    .default("resolve")
    .describe("When Alertmanager says the alert group resolved: resolve the incident, or only add an update (a person resolves it)."),
});

export const Incidents = z
  .strictObject({
    severities: z.array(Severity).default([]),
    immediate_actions: z.array(ProcedureStep).default([]),
    template: z.string().optional().describe("Status update; {status} {start} {impact} {eta} {severity} {title} {next_update} are filled in."),
  })
  .describe("Incident policy.");

/** Event types a route may name: exact (`gate.failed`), a family (`incident.*`) or every event (`*`). */
export const EventPattern = z
  .string()
  .regex(/^(\*|[a-z_]+\.\*|[a-z_]+\.[a-z_]+|test)$/, "an event type (gate.failed), a family (incident.*) or *")
  .describe("An event type, a family such as incident.*, or * for every event.");

export const NotifyRoute = z
  .strictObject({
    id: Id,
    events: z.array(EventPattern).default(["*"]).describe("The events this route sends (docs/notifications.md); default every event."),
    severities: z
      .array(Text)
      .default([])
      .describe("Only events that carry one of these severities (incident events), e.g. [P0, P1]; empty: any, and events without a severity too."),
    webhook: z.string().min(1).optional().describe("A URL that receives the event as signed JSON; `${env:NAME}` for a secret part."),
    secret: z.string().min(1).optional().describe("The webhook's signing secret, as `${env:NAME}` (16+ characters)."),
    slack: z.string().min(1).optional().describe("A Slack incoming webhook URL, as `${env:NAME}` (the URL is a secret)."),
    email: z.array(Text).optional().describe("E-mail addresses (through the server's SMTP settings)."),
    language: z.string().optional().describe("Language of e-mails (en, vi, id); default the runbook's meta.language."),
    test: z.boolean().default(false).describe("A test channel: the only kind a rehearsal run sends to."),
    rate_per_minute: z.number().int().min(1).max(600).default(30).describe("At most this many deliveries a minute; more wait for the next minute."),
  })
  .describe("Where some of a run's events go: exactly one of webhook, slack or email.");

export const Notify = z
  .strictObject({
    routes: z.array(NotifyRoute).default([]),
  })
  .describe("This runbook's notification routes, in addition to the server's own channels.");

export const Runbook = z
  .strictObject({
    $schema: z.string().optional(),
    golive: z.literal(1).describe("Format version."),
    meta: Meta,
    vars: z.record(z.string(), z.array(Text)).default({}).describe("Named lists for for_each."),
    roles: z.array(Role).default([]),
    contacts: z.array(Contact).default([]),
    communication: z.array(Communication).default([]).describe("The go-live's communication plan: who is told, where, when. A rollback tier's or a severity's own plan is written on it."),
    sections: z.array(Section).default([]),
    checks: z.array(Check).default([]),
    gates: z.array(Gate).default([]),
    waves: z.array(Wave).default([]),
    steps: z.array(Step).default([]),
    timeline: Timeline.optional(),
    rollback: Rollback.optional(),
    signoffs: z.array(Signoff).default([]),
    waivers: z.array(WaiverPolicy).default([]),
    monitoring: Monitoring.optional(),
    incidents: Incidents.optional(),
    hypercare: Hypercare.optional(),
    procedures: z.array(Procedure).default([]),
    notify: Notify.optional(),
  })
  .describe("A golive runbook.");

export type Runbook = z.output<typeof Runbook>;
export type RunbookInput = z.input<typeof Runbook>;
export type Meta = z.output<typeof Meta>;
export type Role = z.output<typeof Role>;
export type Item = z.output<typeof Item>;
export type Check = z.output<typeof Check>;
export type Gate = z.output<typeof Gate>;
export type Wave = z.output<typeof Wave>;
export type Criterion = z.output<typeof Criterion>;
export type Phase = z.output<typeof Phase>;
export type Task = z.output<typeof Task>;
export type Checkpoint = z.output<typeof Checkpoint>;
export type Timeline = z.output<typeof Timeline>;
export type Forecast = z.output<typeof Forecast>;
export type Recovery = z.output<typeof Recovery>;
export type Tier = z.output<typeof Tier>;
export type Decision = z.output<typeof Decision>;
export type Signoff = z.output<typeof Signoff>;
export type WaiverPolicy = z.output<typeof WaiverPolicy>;
export type Severity = z.output<typeof Severity>;
export type Communication = z.output<typeof Communication>;
export type Procedure = z.output<typeof Procedure>;
export type Verify = z.output<typeof Verify>;
export type NotifyRoute = z.output<typeof NotifyRoute>;
