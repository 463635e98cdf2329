import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";
import { apiFixture, type ApiFixture, type Caller } from "./testing/fixture.ts";
import { testRunbook } from "./testing/runbook.ts";

// Who acts in a run's roles, tried over real HTTP by a hostile editor and viewer.

let store: Store;
let fx: ApiFixture;
let base: string;
const RUN = "assigned";

interface Answer {
  version: number;
  assignments: Record<string, string[]>;
  error?: { code: string };
  item?: { override?: boolean };
  hash: string;
}

async function api(caller: Caller, method: string, path: string, body?: unknown): Promise<{ status: number; json: Answer }> {
  const res = await fetch(`${base}${path}`, { method, headers: { ...caller.headers, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Answer };
}

const version = async () => (await api(fx.callers.viewer, "GET", `/api/runs/${RUN}`)).json.version;

beforeAll(async () => {
  store = await openPgliteStore(undefined);
  fx = await apiFixture(store);
  base = await fx.app.listen({ host: "127.0.0.1", port: 0 });
  // The PO assigns people in this runbook.
  const source = testRunbook().replace("- { id: po, title: PO, members: [pat] }", "- { id: po, title: PO, members: [pat], assigns: true }");
  const up = await api(fx.callers.editor, "POST", "/api/runbooks", { source });
  expect(up.status).toBe(201);
  // An admin vouches for the members this text names (an editor's upload alone does not: text-members.test.ts).
  await fx.approve(up.json.hash);
  expect((await api(fx.callers.editor, "POST", "/api/runs", { runbook: up.json.hash, name: "assigned", id: RUN })).status).toBe(201);
});

afterAll(async () => {
  await fx.close();
  await store.close();
});

describe("who may assign roles", () => {
  it("an editor's self-assignment is refused and changes nothing; so is a viewer's", async () => {
    const v = await version();
    const self = await api(fx.callers.editor, "PATCH", `/api/runs/${RUN}`, { version: v, assignments: { devops: ["editor"] } });
    expect(self.status).toBe(403);
    expect(self.json.error?.code).toBe("GOLIVE_E_ASSIGN_FORBIDDEN");
    const viewer = await api(fx.callers.viewer, "PATCH", `/api/runs/${RUN}`, { version: v, assignments: { devops: ["viewer"] } });
    expect(viewer.status).toBe(403);
    // A token of the editor is the editor.
    expect((await api(fx.callers.writeToken, "PATCH", `/api/runs/${RUN}`, { version: v, assignments: { qa: ["editor"] } })).status).toBe(403);
    const after = await api(fx.callers.viewer, "GET", `/api/runs/${RUN}`);
    expect(after.json).toMatchObject({ version: v, assignments: {} });
  });

  it("a member of an assigning role assigns others, never themselves; each change is audited with who, whom, role and why", async () => {
    const v = await version();
    const self = await api(fx.callers.pat, "PATCH", `/api/runs/${RUN}`, { version: v, assignments: { devops: ["pat"] } });
    expect(self.status).toBe(403);
    expect(self.json.error?.code).toBe("GOLIVE_E_ASSIGN_SELF");
    const ok = await api(fx.callers.pat, "PATCH", `/api/runs/${RUN}`, { version: v, assignments: { devops: ["editor"] }, reason: "Dev is off today" });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ version: v + 1, assignments: { devops: ["editor"] } });
    const audit = (await store.listAudit({ runId: RUN, limit: 100 })).filter((e) => e.action === "run.assign");
    expect(audit.at(-1)).toMatchObject({ actor: "pat", after: { assignments: { devops: ["editor"] }, by: "pat", reason: "Dev is off today" } });
    // The editor, now in devops, still cannot make themselves an assigner.
    const climb = await api(fx.callers.editor, "PATCH", `/api/runs/${RUN}`, { version: v + 1, assignments: { po: ["editor"] } });
    expect(climb.json.error?.code).toBe("GOLIVE_E_ASSIGN_FORBIDDEN");
  });

  it("an item owned by a role is ticked only by its members; an admin's tick is recorded as an override", async () => {
    const outsider = await api(fx.callers.quinn, "PUT", `/api/runs/${RUN}/items/backup`, { version: await version(), state: "done", evidence: [{ kind: "text", value: "snapshot 42" }] });
    expect(outsider.status).toBe(403);
    expect(outsider.json.error?.code).toBe("GOLIVE_E_NOT_OWNER");
    const member = await api(fx.callers.editor, "PUT", `/api/runs/${RUN}/items/backup`, { version: await version(), state: "done", evidence: [{ kind: "text", value: "snapshot 42" }] });
    expect(member.status).toBe(200);
    expect(member.json.item?.override).toBeUndefined();
    const admin = await api(fx.callers.admin, "PUT", `/api/runs/${RUN}/items/smoke`, { version: await version(), state: "done" });
    expect(admin.status).toBe(200);
    expect(admin.json.item?.override).toBe(true);
  });
});
