import { describe, expect, it } from "vitest";
import { reason, REASON_CODES } from "../../../../src/core/engine/index.ts";
import type { Reason, ReasonCode, ReasonParams } from "../../api/types.ts";
import type { Lang } from "../lang.ts";
import { reasonIn, REASON_LANGUAGES } from "./say.ts";

// One sample per code, typed: a code added to the engine without a sample does not compile.
const SAMPLES: { [C in ReasonCode]: ReasonParams[C] } = {
  "check.unknown": { check: "check-X" },
  "check.not_run": { check: "check-X" },
  "check.awaiting_approval": { check: "check-X" },
  "check.result": { check: "check-X", outcome: "fail", at: "2026-05-30T02:12:00.000Z", detail: "detail-X" },
  "waived": { by: "by-X", waiver: "waiver-X", until: "2026-05-30T02:12:00.000Z", note: "note-X" },
  "item.unknown": { item: "item-X" },
  "item.not_done": { item: "item-id", title: "title-X" },
  "item.needs_evidence": { item: "item-id", title: "title-X", by: "by-X", at: "2026-05-30T02:12:00.000Z" },
  "item.failed": { item: "item-id", title: "title-X", by: "by-X", at: "2026-05-30T02:12:00.000Z", note: "note-X" },
  "item.waits_for": { item: "item-id", title: "title-X", dependency: "dependency-id", dependencyTitle: "dependency-X", state: "not_done" },
  "item.overdue": { item: "item-id", title: "title-X", due: "2026-05-30T02:12:00.000Z" },
  "item.automated": { item: "item-X", check: "check-X" },
  "item.evidence_required": { item: "item-X" },
  "gate.unknown": { gate: "gate-X" },
  "gate.empty": { gate: "gate-id", title: "title-X" },
  "requirement.state": { kind: "gate", id: "id-X", state: "pending" },
  "requirement.gate": { gate: "gate-id", title: "title-X", state: "pending", more: 2 },
  "requirement.wave": { wave: "wave-X", more: 0 },
  "requirement.signoff": { signoff: "signoff-id", title: "title-X", state: "waiting", more: 0 },
  "go.gate": { gate: "gate-id", title: "title-X", state: "pending" },
  "go.readiness": { gate: "ready:section-id", section: "section-id", title: "title-X", open: 3, more: 1 },
  "go.signoff": { signoff: "signoff-id", title: "title-X", state: "waiting" },
  "go.incident": { incident: "incident-X", severity: "severity-X", title: "title-X" },
  "go.checkpoint_no_go": { checkpoint: "checkpoint-id", title: "title-X" },
  "go.checkpoint_undecided": { checkpoint: "checkpoint-id", title: "title-X" },
  "go.step": { step: "step-id", title: "title-X", state: "running" },
  "go.gates_pass": { count: 3, waived: ["G-9"] },
  "go.no_gates": {},
  "go.signoffs_given": { count: 3 },
  "go.no_signoffs": {},
  "go.checkpoints_go": { decided: 1, total: 4 },
  "go.no_blocking_incident": {},
  "signoff.unknown": { signoff: "signoff-X" },
  "signoff.cycle": { signoff: "signoff-X" },
  "signoff.not_member": { by: "by-X", signoff: "signoff-X", roles: ["role-qa", "role-po"], members: ["an", "binh"] },
  "signoff.already_signed": { by: "by-X", signoff: "signoff-X", at: "2026-05-30T02:12:00.000Z" },
  "signoff.separation": { by: "by-X", other: "other-X", at: "2026-05-30T02:12:00.000Z", signoff: "signoff-X" },
  "signoff.prerequisite": { signoff: "signoff-X" },
  "signoff.needs_more": { missing: 2, role: "role-X", members: ["S-one", "S-two"] },
  "waiver.unknown_policy": { policy: "policy-X" },
  "waiver.id_used": { waiver: "waiver-X" },
  "waiver.not_grantor": { by: "by-X", policy: "policy-X", roles: ["role-qa", "role-po"], members: ["an", "binh"] },
  "waiver.not_covered": { policy: "policy-X", target: "target-X", targets: ["S-one", "S-two"] },
  "waiver.expires_early": { expires: "2026-05-31T02:12:00.000Z", at: "2026-05-30T02:12:00.000Z" },
  "waiver.too_long": { durationMs: 60000, maxMs: 60000, max: "7d" },
  "step.unknown": { step: "step-X" },
  "step.has_substeps": { step: "step-X", substeps: ["S-one", "S-two"] },
  "step.wrong_state": { step: "step-X", state: "running", action: "start", from: ["pending", "ready"] },
  "step.verify_first": { step: "step-X" },
  "step.waits_for": { step: "step-X", after: "after-X", state: "running" },
  "step.fix_forward": { deadline: "2026-05-30T02:12:00.000Z" },
  "forecast.past_deadline": { finish: "2026-05-30T04:25:00.000Z", deadline: "2026-05-30T04:00:00.000Z", lateMs: 1_500_000, task: "task-X" },
  "step.failed": { step: "step-X", note: "note-X" },
  "step.rolling_back": { step: "step-X" },
  "checkpoint.unknown": { checkpoint: "checkpoint-X" },
  "checkpoint.missing": { checkpoint: "checkpoint-X" },
  "checkpoint.no_go": { checkpoint: "checkpoint-X", by: "by-X", at: "2026-05-30T02:12:00.000Z" },
  "checkpoint.needs_go": { checkpoint: "checkpoint-X", missing: 2, roles: ["role-qa", "role-po"], members: ["an", "binh"] },
  "checkpoint.due": { checkpoint: "checkpoint-X", at: "2026-05-30T02:12:00.000Z" },
  "checkpoint.unplaced": { checkpoint: "checkpoint-X", when: "when-X" },
  "checkpoint.not_approver": { by: "by-X", checkpoint: "checkpoint-X", roles: ["role-qa", "role-po"], members: ["an", "binh"] },
  "checkpoint.already_decided": { by: "by-X", decision: "no_go", checkpoint: "checkpoint-X", at: "2026-05-30T02:12:00.000Z" },
  "checkpoint.prerequisite": { checkpoint: "checkpoint-X" },
  "incident.unknown_severity": { severity: "severity-X" },
  "incident.open": { incident: "incident-X", severity: "severity-X", title: "title-X" },
  "incident.update_due": { incident: "incident-X", at: "2026-05-30T02:12:00.000Z", every: "15m", everyMs: 60000 },
  "incident.rollback_trigger": { incident: "incident-X", alert: "alert-X", trigger: "trigger-X", title: "title-X" },
  "criterion.unknown": { criterion: "criterion-X" },
  "criterion.missing": { criterion: "criterion-X" },
  "criterion.wave_not_opened": { criterion: "criterion-X", wave: "wave-X" },
  "criterion.result": { criterion: "criterion-X" },
  "criterion.not_run_since": { criterion: "criterion-X", check: "check-X", wave: "wave-X", openedAt: "2026-05-30T02:12:00.000Z" },
  "criterion.awaiting_attestation": { criterion: "criterion-X", roles: ["role-qa", "role-po"], members: ["an", "binh"] },
  "criterion.attested": { criterion: "criterion-X", by: "by-X", at: "2026-05-30T02:12:00.000Z" },
  "criterion.invalid_attestation": { criterion: "criterion-X" },
  "criterion.waived": { criterion: "criterion-X", by: "by-X", waiver: "waiver-X", until: "2026-05-30T02:12:00.000Z" },
  "criterion.not_attested": { criterion: "criterion-X", check: "check-X" },
  "attest.not_member": { by: "by-X", criterion: "criterion-X", roles: ["role-qa", "role-po"], members: ["an", "binh"] },
  "attest.needs_value": { condition: "condition-X" },
  "attest.unreadable": { condition: "condition-X", error: "error-X" },
  "attest.condition": { condition: "condition-X" },
  "attest.needs_met": {},
  "attest.met": {},
  "attest.not_met": {},
  "wave.missing": { wave: "wave-X" },
  "wave.unknown": { wave: "wave-X" },
  "wave.not_opened": { wave: "wave-X" },
  "wave.soak": { wave: "wave-X", soak: "30m", soakMs: 60000, endsAt: "2026-05-30T02:12:00.000Z" },
  "wave.closed": { wave: "wave-X", at: "2026-05-30T02:12:00.000Z" },
  "wave.already_open": { wave: "wave-X" },
  "wave.not_open": { wave: "wave-X" },
  "wave.previous_exit": { wave: "wave-X" },
  "hypercare.none": {},
  "hypercare.not_started": { after: "wave", id: "wave-X" },
  "hypercare.running": { endsAt: "2026-05-30T02:12:00.000Z", remainingMs: 3_600_000 },
  "hypercare.check": { check: "check-X", window: "window-X" },
  "hypercare.green_short": { check: "check-X", since: "2026-05-30T02:12:00.000Z", greenMs: 3_600_000, needMs: 86_400_000, needed: "24h" },
  "hypercare.incident_open": { incident: "incident-X", severity: "severity-X", title: "title-X" },
  "hypercare.incident_opened": { incident: "incident-X", severity: "severity-X", title: "title-X", at: "2026-05-30T02:12:00.000Z" },
  "hypercare.not_owner": { by: "by-X", roles: ["role-X"], members: ["member-X"] },
  "role.text_unapproved": { roles: ["role-qa", "role-po"], named: ["an", "binh"] },
  "hypercare.closed": { by: "by-X", at: "2026-05-30T02:12:00.000Z" },
  "hypercare.early": { endsAt: "2026-05-30T02:12:00.000Z" },
  "hypercare.extend_needs": {},
  "hypercare.extend_too_long": { extendMs: 400 * 86_400_000, maxMs: 365 * 86_400_000 },
};

const sayIn = (lang: Lang) =>
  reasonIn(lang, { tz: "Asia/Ho_Chi_Minh", locale: lang, day: "2026-05-30" });
const sample = (code: ReasonCode): Reason => reason(code, SAMPLES[code] as never);
// Values a reader must find in the sentence as they are: ids, names, notes.
const verbatim = (p: object): string[] =>
  Object.values(p).flatMap((v: unknown) => (typeof v === "string" && /-X$/.test(v) ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && !/^[a-z_]+$/.test(x)) : []));
// Texts that are the runbook's own (a condition and its error): the same in every language.
const PASS_THROUGH = new Set<ReasonCode>(["attest.condition", "attest.unreadable"]);

describe("reason templates", () => {
  it.each(["en", "vi", "id"] as const)("%s has a template for every code of the engine and no other", (lang) => {
    expect(Object.keys(REASON_LANGUAGES[lang].templates).sort()).toEqual([...REASON_CODES].sort());
  });

  it.each(["en", "vi", "id"] as const)("%s says every code with its ids, times in the runbook's zone, states in words", (lang) => {
    const say = sayIn(lang);
    for (const code of REASON_CODES) {
      const text = say(sample(code));
      expect(text.trim(), code).not.toBe("");
      for (const v of verbatim(SAMPLES[code])) expect(text, `${code} keeps ${v}`).toContain(v);
      expect(text, `${code}: an ISO instant is shown formatted`).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      expect(text, `${code}: no raw state id`).not.toMatch(/\b(not_done|rolling_back|rolled_back|no_go|not_met)\b/);
      if ("at" in SAMPLES[code] && code !== "step.fix_forward") expect(text, `${code}: 02:12Z is 09:12 in Ho Chi Minh City`).toMatch(/09[:.]12/);
    }
  });

  it.each(["vi", "id"] as const)("%s differs from English for every code but the runbook's own texts", (lang) => {
    const say = sayIn(lang);
    const english = sayIn("en");
    const same = REASON_CODES.filter((code) => !PASS_THROUGH.has(code) && say(sample(code)) === english(sample(code)));
    expect(same).toEqual([]);
  });

  it("says nested causes in the same language, and how many more there were", () => {
    const cause = reason("item.not_done", { item: "g1-prd", title: "PRD signed" });
    const nested = reason("go.gate", { gate: "G-1", title: "Specs", state: "pending" }, [reason("requirement.gate", { gate: "G-0", title: "Scope", state: "blocked", more: 2 }, [cause])]);
    expect(nested.text).toBe("gate ‘Specs’ pending: gate ‘Scope’ blocked: ‘PRD signed’ is not done (+2 more)");
    expect(sayIn("vi")(nested)).toBe("cổng ‘Specs’ đang chờ: cổng ‘Scope’ bị chặn: ‘PRD signed’ chưa xong (+2 lý do khác)");
    expect(sayIn("id")(nested)).toBe("gerbang ‘Specs’ menunggu: gerbang ‘Scope’ terblokir: ‘PRD signed’ belum selesai (+2 alasan lain)");
  });

  it("falls back to the English sentence for a code it does not know", () => {
    const unknown = { code: "future.code", params: {}, text: "something new" } as unknown as Reason;
    expect(sayIn("vi")(unknown)).toBe("something new");
  });
});
