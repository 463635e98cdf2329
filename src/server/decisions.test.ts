import { describe, expect, it } from "vitest";
import { errorOf, reasonsOf, useApiFixture, type Who } from "../testing/api-fixture.ts";

// Waves, steps, checkpoints, waivers, attestations, incidents, phases and assignments through the
// API: the engine's rules hold at the door, and what is accepted shows in the status.

const RUN = "rehearsal";

const api = useApiFixture();

interface Status {
  version: number;
  status: {
    waves: { id: string; state: string }[];
    steps: { id: string; state: string }[];
    waivers: { id: string; state: string }[];
    gates: { id: string; state: string }[];
    incidents: { id: string; severity?: string; resolved?: boolean }[];
    signoffs: { id: string; state: string }[];
  };
}
const status = () => api.status<Status>(RUN);
const post = (who: Who, url: string, payload: Record<string, unknown> = {}) => api.as(who).post(`/api/runs/${RUN}${url}`, payload);

async function passReadyGate(): Promise<void> {
  const file = await api.as("dev").post("/api/files", { name: "b.txt", content_base64: Buffer.from("dump ok").toString("base64") });
  const sha = file.json<{ sha256: string }>().sha256;
  await api.as("dev").put(`/api/runs/${RUN}/items/backup`, { version: (await status()).version, state: "done", evidence: [{ kind: "file", value: "b.txt", sha256: sha }] });
  await api.as("quinn").put(`/api/runs/${RUN}/items/smoke`, { version: (await status()).version, state: "done" });
}

describe("decisions at the API", () => {
  it("grants waivers only from the policy's grantors and within its maximum duration", async () => {
    const expires = new Date(api.fx.clock.now().getTime() + 3_600_000).toISOString();
    const outsider = await post("quinn", "/waivers", { policy: "wp", target: "ready", expires, reason: "vendor late" });
    expect(outsider.statusCode).toBe(422);
    expect(errorOf(outsider)?.code).toBe("GOLIVE_E_REFUSED");
    const tooLong = await post("pat", "/waivers", { policy: "wp", target: "ready", expires: new Date(api.fx.clock.now().getTime() + 48 * 3_600_000).toISOString(), reason: "long" });
    expect(tooLong.statusCode).toBe(422);
    const unknownPolicy = await post("pat", "/waivers", { policy: "nope", target: "ready", expires, reason: "x" });
    expect(errorOf(unknownPolicy)?.code).toBe("GOLIVE_E_UNKNOWN_REFERENCE");
    const ok = await post("pat", "/waivers", { id: "w-ready", policy: "wp", target: "ready", expires, reason: "backup verified by phone" });
    expect(ok.statusCode).toBe(201);
    const s = await status();
    expect(s.status.waivers.find((w) => w.id === "w-ready")?.state).toBe("active");
    expect(s.status.gates.find((g) => g.id === "ready")?.state).toBe("waived");
    api.fx.clock.advance(2 * 3_600_000);
    api.fx.ctx.runs.invalidate(RUN);
    const later = await status();
    expect(later.status.waivers.find((w) => w.id === "w-ready")?.state).toBe("expired");
    expect(later.status.gates.find((g) => g.id === "ready")?.state).not.toBe("waived");
  });

  it("opens a wave only after its requirements pass", async () => {
    const early = await post("editor", "/waves/w1/open");
    expect(early.statusCode).toBe(422);
    expect(reasonsOf(early).join(" ")).toMatch(/‘Ready to deploy’/);
    await passReadyGate();
    const open = await post("editor", "/waves/w1/open");
    expect(open.statusCode).toBe(200);
    expect((await status()).status.waves.find((w) => w.id === "w1")?.state).toBe("open");
    expect(errorOf(await post("editor", "/waves/w9/open"))?.code).toBe("GOLIVE_E_UNKNOWN_REFERENCE");
  });

  it("takes attestations from the attest role only", async () => {
    const outsider = await post("dev", "/attestations/w1-survey", { value: 4.5 });
    expect(outsider.statusCode).toBe(422);
    const ok = await post("quinn", "/attestations/w1-survey", { value: 4.5, evidence: [{ kind: "link", value: "https://survey.example/42" }] });
    expect(ok.statusCode).toBe(200);
  });

  it("runs steps in order: start, verify, done", async () => {
    const outOfOrder = await post("dev", "/steps/s2/start");
    expect(outOfOrder.statusCode).toBe(422);
    for (const action of ["start", "verify", "done"]) expect((await post("dev", `/steps/s1/${action}`, { note: action })).statusCode).toBe(200);
    expect((await status()).status.steps.find((s) => s.id === "s1")?.state).toBe("done");
    expect((await post("dev", "/steps/s2/start")).statusCode).toBe(200);
    expect((await post("dev", "/steps/s2/explode")).statusCode).toBe(400);
  });

  it("takes checkpoint decisions from approvers only", async () => {
    const outsider = await post("quinn", "/checkpoints/cp1", { decision: "go" });
    expect(outsider.statusCode).toBe(422);
    const ok = await post("pat", "/checkpoints/cp1", { decision: "go", comment: "all green" });
    expect(ok.statusCode).toBe(200);
  });

  it("opens, updates and resolves incidents", async () => {
    const bad = await post("dev", "/incidents", { title: "Slow API", severity: "P9" });
    expect(errorOf(bad)?.code).toBe("GOLIVE_E_UNKNOWN_REFERENCE");
    const opened = await post("dev", "/incidents", { title: "Slow API", severity: "P2", impact: "checkout slow" });
    expect(opened.statusCode).toBe(201);
    const { id } = opened.json<{ id: string }>();
    expect((await post("dev", `/incidents/${id}/updates`, { text: "cache flushed", severity: "P1" })).statusCode).toBe(200);
    const facts = (await api.as("viewer").get(`/api/runs/${RUN}`)).json<{ facts: { incidents: { id: string; severity: string; updates: unknown[]; resolved_at?: string }[] } }>();
    expect(facts.facts.incidents.find((i) => i.id === id)).toMatchObject({ severity: "P1", updates: [{ text: "cache flushed", by: "dev" }] });
    expect((await post("dev", `/incidents/${id}/resolve`)).statusCode).toBe(200);
    const after = (await api.as("viewer").get(`/api/runs/${RUN}`)).json<{ facts: { incidents: { id: string; resolved_at?: string }[] } }>();
    expect(after.facts.incidents.find((i) => i.id === id)?.resolved_at).toBe(api.fx.clock.now().toISOString());
    expect((await post("dev", "/incidents/inc-none/resolve")).statusCode).toBe(404);
  });

  it("records the timeline's actual times", async () => {
    const at = api.fx.clock.now().toISOString();
    expect((await post("dev", "/phases/p1", { started_at: at })).statusCode).toBe(200);
    expect((await post("dev", "/phases/p1", {})).statusCode).toBe(400);
    expect(errorOf(await post("dev", "/phases/p9", { started_at: at }))?.code).toBe("GOLIVE_E_UNKNOWN_REFERENCE");
    const run = (await api.as("viewer").get(`/api/runs/${RUN}`)).json<{ facts: { phases: unknown[] } }>();
    expect(run.facts.phases).toEqual([{ phase: "p1", started_at: at }]);
  });

  it("maps accounts to runbook roles per run, with versions", async () => {
    const before = await status();
    expect(errorOf(await api.as("editor").patch(`/api/runs/${RUN}`, { version: before.version, assignments: { nope: ["editor"] } }))?.code).toBe("GOLIVE_E_UNKNOWN_REFERENCE");
    const refused = await post("editor", "/signoffs/po-ok", { version: before.version });
    expect(refused.statusCode).toBe(422);
    // Nobody assigns themselves; an editor without an assigning role assigns nobody.
    const self = await api.as("editor").patch(`/api/runs/${RUN}`, { version: before.version, assignments: { po: ["editor"] } });
    expect(self.statusCode).toBe(403);
    expect(errorOf(self)?.code).toBe("GOLIVE_E_ASSIGN_FORBIDDEN");
    const selfAdmin = await api.as("admin").patch(`/api/runs/${RUN}`, { version: before.version, assignments: { po: ["admin"] } });
    expect(errorOf(selfAdmin)?.code).toBe("GOLIVE_E_ASSIGN_SELF");
    expect((await status()).version).toBe(before.version);
    const patched = await api.as("admin").patch(`/api/runs/${RUN}`, { version: before.version, assignments: { po: ["editor"] }, reason: "Pat is on leave" });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ assignments: { po: ["editor"] }, version: before.version + 1 });
    const stale = await api.as("editor").patch(`/api/runs/${RUN}`, { version: before.version, name: "renamed" });
    expect(errorOf(stale)?.code).toBe("GOLIVE_E_CONFLICT");
    const signed = await post("editor", "/signoffs/po-ok", { version: (await status()).version });
    expect(signed.statusCode).toBe(200);
    expect((await status()).status.signoffs.find((s) => s.id === "po-ok")?.state).toBe("given");
  });
});
