import { describe, expect, it } from "vitest";
import { verifyChain } from "../../store/audit-chain.ts";
import { errorOf, useApiFixture, type Who } from "../../testing/api-fixture.ts";
import { amPayload } from "../testing/alertmanager-payload.ts";

// Alerts in through the API: Alertmanager's version 4 webhook body, as it sends it.

interface Incident { id: string; title: string; severity: string; impact?: string; resolved_at?: string; updates: { text: string }[]; alert?: { fingerprints: string[]; triggers: string[] } }

describe("POST /api/runs/:id/alerts", () => {
  const api = useApiFixture();
  const post = (body: unknown, caller: Who = "writeToken", run = api.fx.runId) => api.as(caller).post(`/api/runs/${run}/alerts`, body as Record<string, unknown>);
  const incidents = async (run = api.fx.runId) => (await api.as("readToken").get(`/api/runs/${run}`)).json<{ facts: { incidents: Incident[] } }>().facts.incidents;

  it("refuses a call without a token (401) and with a read token (403)", async () => {
    const body = amPayload("{}:{alertname=\"X\"}", "firing", [{ name: "X", fingerprint: "f0" }]);
    expect((await post(body, "anonymous")).statusCode).toBe(401);
    expect((await post(body, "readToken")).statusCode).toBe(403);
    expect(await incidents()).toEqual([]);
  });

  it("refuses a body that is not a version 4 payload, naming the field", async () => {
    const res = await post({ ...amPayload("g", "firing", [{ name: "X", fingerprint: "f0" }]), version: "3" });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("version");
  });

  it("opens one incident per group, dedupes repeats by fingerprint, adds new alerts, resolves", async () => {
    const group = "{}:{alertname=\"CheckoutErrors\"}";
    const firing = amPayload(group, "firing", [{ name: "CheckoutErrors", fingerprint: "a1", severity: "critical" }]);
    const first = await post(firing);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ action: "opened" });
    const id = first.json<{ incident: string }>().incident;
    expect((await post(firing)).json()).toMatchObject({ action: "unchanged", incident: id });
    let list = await incidents();
    expect(list).toHaveLength(1);
    // "critical" is the title of P1 in the test runbook; the summary is title and impact.
    expect(list[0]).toMatchObject({ id, title: "Checkout error rate above 5%", impact: "Checkout error rate above 5%", severity: "P1" });

    const more = amPayload(group, "firing", [{ name: "CheckoutErrors", fingerprint: "a1", severity: "critical" }, { name: "CheckoutErrors", fingerprint: "a2", severity: "critical" }]);
    expect((await post(more)).json()).toMatchObject({ action: "updated", incident: id });
    list = await incidents();
    expect(list).toHaveLength(1);
    expect(list[0]?.updates.map((u) => u.text)).toEqual(["Alertmanager: 1 new alert: CheckoutErrors"]);
    expect(list[0]?.alert?.fingerprints).toEqual(["a1", "a2"]);

    const status = await api.as("readToken").get(`/api/runs/${api.fx.runId}/status`);
    expect(status.json<{ status: { incidents: { id: string; state: string; blocksGo: boolean }[]; go: boolean } }>().status.incidents).toEqual([expect.objectContaining({ id, state: "open", blocksGo: true })]);

    const resolved = await post(amPayload(group, "resolved", [{ name: "CheckoutErrors", fingerprint: "a1", severity: "critical" }, { name: "CheckoutErrors", fingerprint: "a2", severity: "critical" }]));
    expect(resolved.json()).toMatchObject({ action: "resolved", incident: id });
    expect((await incidents())[0]?.resolved_at).toBeDefined();
    expect((await post(amPayload(group, "resolved", [{ name: "CheckoutErrors", fingerprint: "a1" }]))).json()).toMatchObject({ action: "unchanged" });

    // The same group firing after it resolved is a new incident.
    const again = await post(firing);
    expect(again.json()).toMatchObject({ action: "opened" });
    expect(again.json<{ incident: string }>().incident).not.toBe(id);
  });

  it("records every change in the audit chain as the token's account", async () => {
    const events = await api.store.listAudit({ runId: api.fx.runId });
    const mine = events.filter((e) => e.action.startsWith("incident."));
    expect(mine.map((e) => e.action)).toEqual(["incident.open", "incident.update", "incident.resolve", "incident.open"]);
    expect(new Set(mine.map((e) => e.actor))).toEqual(new Set(["editor"]));
    const verdict = await verifyChain((after) => api.store.listAudit({ afterSeq: after }), await api.store.auditHead());
    expect(verdict.ok).toBe(true);
  });

  it("maps severities through the runbook, lets rollback triggers name alerts, and updates instead of resolving when the severity says so", async () => {
    const source = `golive: 1
meta: { id: alerts-test, title: Alerts test }
rollback:
  triggers:
    - { id: RT-1, title: Payments failing, severity: P0, alert: PaymentsDown }
incidents:
  severities:
    - { id: P0, title: Outage, alerts: [page], on_alert_resolved: update }
    - { id: P1, title: Critical }
    - { id: P2, title: Minor, alerts: [warning, info] }
`;
    await api.startRun(source, { name: "alerts", id: "alerts" }, { approve: false });

    expect((await post(amPayload("g-warn", "firing", [{ name: "DiskFilling", fingerprint: "w1", severity: "WARNING" }]), undefined, "alerts")).json()).toMatchObject({ action: "opened" });
    // An unknown severity label maps to the most severe: silence must never read as fine.
    expect((await post(amPayload("g-odd", "firing", [{ name: "Odd", fingerprint: "o1", severity: "nope" }]), undefined, "alerts")).json()).toMatchObject({ action: "opened" });
    const pay = await post(amPayload("g-pay", "firing", [{ name: "PaymentsDown", fingerprint: "p1", severity: "warning" }], "Payments down"), undefined, "alerts");
    const payId = pay.json<{ incident: string }>().incident;
    let list = await incidents("alerts");
    expect(list.map((i) => [i.title, i.severity])).toEqual([["Checkout error rate above 5%", "P2"], ["Checkout error rate above 5%", "P0"], ["Payments down", "P0"]]);
    expect(list[2]?.alert?.triggers).toEqual(["RT-1"]);
    const status = await api.as("readToken").get("/api/runs/alerts/status");
    const inc = status.json<{ status: { incidents: { id: string; blocksGo: boolean; reasons: { code: string }[] }[] } }>().status.incidents.find((i) => i.id === payId);
    expect(inc?.blocksGo).toBe(true);
    expect(inc?.reasons.map((r) => r.code)).toContain("incident.rollback_trigger");

    // P0 says: a resolved alert group adds an update; a person resolves the incident.
    expect((await post(amPayload("g-pay", "resolved", [{ name: "PaymentsDown", fingerprint: "p1" }]), undefined, "alerts")).json()).toMatchObject({ action: "updated", incident: payId });
    expect((await post(amPayload("g-pay", "resolved", [{ name: "PaymentsDown", fingerprint: "p1" }]), undefined, "alerts")).json()).toMatchObject({ action: "unchanged" });
    list = await incidents("alerts");
    expect(list[2]?.resolved_at).toBeUndefined();
    expect(list[2]?.updates.map((u) => u.text)).toEqual(["Alertmanager: PaymentsDown resolved"]);
    expect((await post(amPayload("g-pay", "firing", [{ name: "PaymentsDown", fingerprint: "p1" }]), undefined, "alerts")).json()).toMatchObject({ action: "updated", incident: payId });
    expect((await incidents("alerts"))[2]?.updates.at(-1)?.text).toBe("Alertmanager: firing again: PaymentsDown");
  });

  it("a token clears only the alerts its own account raised: another account's token (a leaked CI token) cannot resolve an Alertmanager incident that holds GO back", async () => {
    const group = "{}:{alertname=\"LedgerDrift\"}";
    const opened = await post(amPayload(group, "firing", [{ name: "LedgerDrift", fingerprint: "l1", severity: "critical" }]));
    expect(opened.json()).toMatchObject({ action: "opened" });
    const id = opened.json<{ incident: string }>().incident;
    // pat's write token: a pipeline's, of another account than the Alertmanager receiver's (editor).
    const made = await api.as("pat").post("/api/tokens", { name: "pat-ci", scope: "write" });
    const patToken = { name: "pat-token", headers: { authorization: `Bearer ${made.json<{ token: string }>().token}` } };
    const resolved = amPayload(group, "resolved", [{ name: "LedgerDrift", fingerprint: "l1", severity: "critical" }]);
    const forged = await post(resolved, patToken);
    expect(forged.statusCode, forged.body).toBe(403);
    expect(errorOf(forged)?.code).toBe("GOLIVE_E_TOKEN_SCOPE");
    expect((await incidents()).find((i) => i.id === id)?.resolved_at).toBeUndefined();
    const status = await api.as("readToken").get(`/api/runs/${api.fx.runId}/status`);
    expect(status.json<{ status: { incidents: { id: string; state: string }[] } }>().status.incidents.find((i) => i.id === id)?.state).toBe("open");
    const refused = (await api.store.listAudit({})).filter((e) => e.action === "token.refused" && e.actor === "pat");
    expect(refused).toHaveLength(1);
    // Nor by a firing-then-resolved detour: it stays open until its own receiver or a person clears it.
    expect((await post(resolved, patToken)).statusCode).toBe(403);
    // The receiver's own token clears it, as Alertmanager does.
    expect((await post(resolved)).json()).toMatchObject({ action: "resolved", incident: id });
  });

  it("answers 404 for an unknown run", async () => {
    expect((await post(amPayload("g", "firing", [{ name: "X", fingerprint: "f" }]), undefined, "nope")).statusCode).toBe(404);
  });
});
