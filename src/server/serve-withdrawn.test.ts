import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startServer, type RunningServer, type ServeOptions } from "./serve.ts";

// The runbooks named on `golive serve`'s command line count as the operator's approval of their
// command checks. An admin who withdrew that approval (after an incident) must not see a restart
// quietly approve the same text again.

const PASSWORD = "a long enough test password";
let server: RunningServer | undefined;
let dir = "";

afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

const RUNBOOK = `golive: 1
meta: { id: ops, title: Ops, timezone: UTC }
checks:
  - { id: migrate, kind: command, config: { run: "true" } }
`;

async function admin(s: RunningServer): Promise<Record<string, string>> {
  const login = await fetch(`${s.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: "admin", password: PASSWORD }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrf_token } = (await login.json()) as { csrf_token: string };
  return { cookie, "x-csrf-token": csrf_token, "content-type": "application/json" };
}

async function approvedBy(s: RunningServer, headers: Record<string, string>): Promise<string | undefined> {
  const list = (await (await fetch(`${s.url}/api/runbooks`, { headers })).json()) as { approved_by?: string }[];
  return list[0]?.approved_by;
}

describe("serve and a withdrawn approval", () => {
  it("a restart approves the command-line runbook again only if no admin withdrew its approval", async () => {
    dir = await mkdtemp(join(tmpdir(), "golive-serve-withdrawn-"));
    const file = join(dir, "ops.yaml");
    await writeFile(file, RUNBOOK);
    const logs: string[] = [];
    const options: ServeOptions = { db: join(dir, "data"), host: "127.0.0.1", port: 0, runbooks: [file], adminUser: "admin", adminPassword: PASSWORD, allowCommands: true, secure: false, checkEveryMs: 0, log: (l) => logs.push(l) };
    server = await startServer(options);
    let h = await admin(server);
    expect(await approvedBy(server, h)).toBe("golive:serve");
    const list = (await (await fetch(`${server.url}/api/runbooks`, { headers: h })).json()) as { hash: string }[];
    const hash = list[0]?.hash ?? "";
    const w = await fetch(`${server.url}/api/runbooks/${hash}/withdraw`, { method: "POST", headers: h, body: JSON.stringify({ reason: "incident review" }) });
    expect(w.status, await w.text()).toBe(200);
    await server.close();

    server = await startServer(options);
    h = await admin(server);
    expect(await approvedBy(server, h)).toBeUndefined();
    expect(logs.some((l) => l.includes("admin withdrew the approval of this text"))).toBe(true);
    // An admin's approval is what brings it back (and then a restart keeps it).
    expect((await fetch(`${server.url}/api/runbooks/${hash}/approve`, { method: "POST", headers: h, body: "{}" })).status).toBe(200);
    await server.close();
    server = await startServer(options);
    expect(await approvedBy(server, await admin(server))).toBe("admin");
  }, 120_000);

  it("a command-line runbook naming role members is the operator's own: its members act in its run", async () => {
    dir = await mkdtemp(join(tmpdir(), "golive-serve-members-"));
    const file = join(dir, "team.yaml");
    await writeFile(file, `golive: 1
meta: { id: team, title: Team, timezone: UTC }
roles:
  - { id: po, title: PO, members: [admin] }
signoffs:
  - { id: po-ok, title: PO accepts, role: po }
`);
    server = await startServer({ db: join(dir, "data"), host: "127.0.0.1", port: 0, runbooks: [file], adminUser: "admin", adminPassword: PASSWORD, allowCommands: false, secure: false, checkEveryMs: 0, log: () => undefined });
    const h = await admin(server);
    expect(await approvedBy(server, h)).toBe("golive:serve");
    const run = ((await (await fetch(`${server.url}/api/runs`, { headers: h })).json()) as { id: string; version: number }[])[0];
    if (!run) throw new Error("serve created no run");
    const status = (await (await fetch(`${server.url}/api/runs/${run.id}/status`, { headers: h })).json()) as { text_members?: boolean };
    expect(status.text_members).toBeUndefined();
    const sign = await fetch(`${server.url}/api/runs/${run.id}/signoffs/po-ok`, { method: "POST", headers: h, body: JSON.stringify({ version: run.version }) });
    expect(sign.status, await sign.text()).toBe(200);
  }, 120_000);
});
