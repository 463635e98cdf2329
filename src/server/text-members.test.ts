import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import { apiFixture, type ApiFixture, type Caller } from "./testing/fixture.ts";
import { httpCall, type HttpAnswer } from "./testing/http.ts";

// A hostile editor, over real HTTP: an editor's runbook names the editor in every role (an
// assigning PO, QA, the release manager). Until an admin vouches for that text, the names count
// for nothing: no sign-off, no owned item, no assignment, and the run stays NO-GO, saying why.

let store: Store;
let fx: ApiFixture;
let base: string;
let hash = "";
const RUN = "grab";

interface Reason { code: string; text: string; params: Record<string, unknown> }
interface Answer {
  hash: string;
  approved_by?: string;
  version: number;
  error: { code: string; message: string; details: { reasons?: Reason[] } };
  text_members?: boolean;
  approval?: { approved_by?: string; approved_at?: string; withdrawn_by?: string; withdrawn_reason?: string };
  status: { verdict: string; signoffs: { id: string; state: string; reasons: Reason[] }[] };
}

const GRAB = `golive: 1
meta: { id: grab, title: Grab every role, timezone: UTC }
roles:
  - { id: po, title: PO, members: [editor], assigns: true }
  - { id: qa, title: QA, members: [editor] }
  - { id: rm, title: Release manager, members: [editor] }
sections:
  - id: prep
    title: Preparation
    items:
      - { id: smoke, title: Smoke test, owner: qa }
gates:
  - { id: ready, title: Ready, requires: { items: [smoke] } }
signoffs:
  - { id: po-ok, title: PO accepts, role: po, requires: { gates: [ready] } }
  - { id: rm-ok, title: Release manager accepts, role: rm, requires: { gates: [ready] } }
`;

function http(caller: Caller, method: string, path: string, body?: unknown): Promise<HttpAnswer<Answer>> {
  return httpCall<Answer>(base, caller, method, path, body);
}

const version = async () => (await http(fx.callers.viewer, "GET", `/api/runs/${RUN}`)).json.version;
const status = async () => (await http(fx.callers.viewer, "GET", `/api/runs/${RUN}/status`)).json;

beforeAll(async () => {
  store = await openPgliteStore(undefined);
  fx = await apiFixture(store);
  base = await fx.app.listen({ host: "127.0.0.1", port: 0 });
  const up = await http(fx.callers.editor, "POST", "/api/runbooks", { source: GRAB });
  expect(up.status, up.text).toBe(201);
  expect(up.json.approved_by).toBeUndefined();
  hash = up.json.hash;
  expect((await http(fx.callers.editor, "POST", "/api/runs", { runbook: hash, name: "grab", id: RUN })).status).toBe(201);
});

afterAll(async () => {
  await fx.close();
  await store.close();
});

describe("members named in an editor's runbook text", () => {
  it("give the editor nothing: no owned item, no assignment, no sign-off; the run stays NO-GO and says why", async () => {
    const tick = await http(fx.callers.editor, "PUT", `/api/runs/${RUN}/items/smoke`, { version: await version(), state: "done" });
    expect(tick.status).toBe(403);
    expect(tick.json.error.code).toBe("GOLIVE_E_NOT_OWNER");
    expect(tick.json.error.message).toContain("members named in the runbook text count once an admin approves it");
    expect(tick.json.error.details.reasons?.map((r) => r.code)).toEqual(["role.text_unapproved"]);

    // Not as the assigning PO: neither others (quinn into qa) nor, by a detour, anyone.
    const assign = await http(fx.callers.editor, "PATCH", `/api/runs/${RUN}`, { version: await version(), assignments: { qa: ["quinn"] } });
    expect(assign.status).toBe(403);
    expect(assign.json.error.code).toBe("GOLIVE_E_ASSIGN_FORBIDDEN");
    expect(assign.json.error.message).toContain("count once an admin approves it");

    // An admin ticks the item (an override) so that only membership stands between the editor and the sign-offs.
    expect((await http(fx.callers.admin, "PUT", `/api/runs/${RUN}/items/smoke`, { version: await version(), state: "done" })).status).toBe(200);
    for (const id of ["po-ok", "rm-ok"]) {
      const sign = await http(fx.callers.editor, "POST", `/api/runs/${RUN}/signoffs/${id}`, { version: await version() });
      expect(sign.status, sign.text).toBe(422);
      expect(sign.json.error.code).toBe("GOLIVE_E_REFUSED");
      expect(sign.text).toContain("signoff.not_member");
      expect(sign.text).toContain("role.text_unapproved");
    }
    const s = await status();
    expect(s.text_members).toBe(false);
    // Nobody ever approved it: the dashboard says so.
    expect(s.approval).toEqual({});
    expect(s.status.verdict).toBe("no_go");
    for (const so of s.status.signoffs) {
      expect(so.state).not.toBe("given");
      expect(so.reasons.find((r) => r.code === "signoff.needs_more")?.params.members).toEqual([]);
      expect(so.reasons.find((r) => r.code === "role.text_unapproved")?.text).toContain("count once an admin approves it");
    }
  });

  it("count once an admin approves the text: the editor then signs and the run reaches GO", async () => {
    const ok = await http(fx.callers.admin, "POST", `/api/runbooks/${hash}/approve`);
    expect(ok.status, ok.text).toBe(200);
    for (const id of ["po-ok", "rm-ok"]) {
      const sign = await http(fx.callers.editor, "POST", `/api/runs/${RUN}/signoffs/${id}`, { version: await version() });
      expect(sign.status, sign.text).toBe(200);
    }
    const s = await status();
    expect(s.text_members).toBeUndefined();
    expect(Object.keys(s.approval ?? {}).sort()).toEqual(["approved_at", "approved_by"]);
    expect(s.approval?.approved_by).toBe("admin");
    expect(s.status.verdict).toBe("go");
    // As the assigning PO now: others, never themselves.
    const assign = await http(fx.callers.editor, "PATCH", `/api/runs/${RUN}`, { version: await version(), assignments: { qa: ["quinn"] } });
    expect(assign.status, assign.text).toBe(200);
  });

  it("stop counting when the approval is withdrawn: the sign-offs they gave no longer hold, NO-GO again", async () => {
    const w = await http(fx.callers.admin, "POST", `/api/runbooks/${hash}/withdraw`, { reason: "names the editor in every role" });
    expect(w.status, w.text).toBe(200);
    const s = await status();
    expect(s.text_members).toBe(false);
    expect(Object.keys(s.approval ?? {}).sort()).toEqual(["withdrawn_at", "withdrawn_by", "withdrawn_reason"]);
    expect(s.approval?.withdrawn_by).toBe("admin");
    expect(s.approval?.withdrawn_reason).toBe("names the editor in every role");
    expect(s.status.verdict).toBe("no_go");
    const tick = await http(fx.callers.editor, "PUT", `/api/runs/${RUN}/items/smoke`, { version: await version(), state: "done" });
    expect(tick.status).toBe(403);
    // quinn was assigned by an assigner in good standing then: an assignment is the run's own fact and stands.
    const quinn = await http(fx.callers.quinn, "PUT", `/api/runs/${RUN}/items/smoke`, { version: await version(), state: "done" });
    expect(quinn.status, quinn.text).toBe(200);
  });

  it("an admin's own upload vouches for its text: the members it names act at once", async () => {
    const up = await http(fx.callers.admin, "POST", "/api/runbooks", { source: GRAB.replace("id: grab,", "id: grab-admin,").replaceAll("[editor]", "[pat]") });
    expect(up.status).toBe(201);
    expect(up.json.approved_by).toBe("admin");
    expect((await http(fx.callers.admin, "POST", "/api/runs", { runbook: up.json.hash, name: "admin's", id: "admins" })).status).toBe(201);
    const v = (await http(fx.callers.viewer, "GET", "/api/runs/admins")).json.version;
    const tick = await http(fx.callers.pat, "PUT", "/api/runs/admins/items/smoke", { version: v, state: "done" });
    expect(tick.status, tick.text).toBe(200);
    const sign = await http(fx.callers.pat, "POST", "/api/runs/admins/signoffs/po-ok", { version: v + 1 });
    expect(sign.status, sign.text).toBe(200);
  });

  it("an admin's upload through an API token vouches for nothing (approving is a person's act)", async () => {
    const token = await http(fx.callers.admin, "POST", "/api/tokens", { name: "admin-ci", scope: "write" });
    expect(token.status).toBe(201);
    const ci: Caller = { name: "admin-ci", headers: { authorization: `Bearer ${(token.json as unknown as { token: string }).token}` } };
    const up = await http(ci, "POST", "/api/runbooks", { source: GRAB.replace("id: grab,", "id: grab-ci,") });
    expect(up.status).toBe(201);
    expect(up.json.approved_by).toBeUndefined();
  });
});
