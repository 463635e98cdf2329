import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailDomainAllowed } from "../../checks/check-policy.ts";
import { openPgliteStore } from "../../store/pglite.ts";
import type { Store } from "../../store/store.ts";
import { startSmtpSink, type SmtpSink } from "../../testing/smtp-sink.ts";
import { apiFixture, type ApiFixture } from "../testing/fixture.ts";
import { testRunbook } from "../testing/runbook.ts";
import { buildRouteChannel, routeInfos } from "./routes.ts";
import type { SmtpSettings } from "./smtp-settings.ts";

// A runbook's e-mail route sends through the server's SMTP account, so a hostile editor could
// mail anyone as the company: routes and role members are mailed only in the domains the operator
// lists (--notify-email-domains); none by default. Checked at upload (located 422) and again at
// each delivery, so narrowing the list holds for runbooks already stored.

const PASS = "smtp-pass-domains-0123";
const route = (to: string) => `notify:
  routes:
    - id: mail
      email: [${to}]
      events: [incident.*]
`;
type Diags = { error: { details: { diagnostics: { line: number; path: string; message: string }[] } } };

describe("e-mail domains a runbook may write to", () => {
  let sink: SmtpSink;
  let smtp: SmtpSettings;
  let store: Store;
  let other: Store;
  let open: ApiFixture;
  let closed: ApiFixture;

  beforeAll(async () => {
    sink = await startSmtpSink({ user: "golive", pass: PASS });
    smtp = { host: sink.host, port: sink.port, secure: false, user: "golive", pass: PASS, from: "golive@example.com" };
    store = await openPgliteStore(undefined);
    open = await apiFixture(store, { smtp, notifyEmailDomains: ["example.com"], notify: { channels: [], publicUrl: "https://golive.example" } });
    other = await openPgliteStore(undefined);
    closed = await apiFixture(other, { smtp, notify: { channels: [] } });
  });
  afterAll(async () => {
    await open.close();
    await closed.close();
    await store.close();
    await other.close();
    await sink.close();
  });

  it("matches a domain and those below it, nothing else", () => {
    expect(emailDomainAllowed("ops@example.com", ["example.com"])).toBe(true);
    expect(emailDomainAllowed("ops@Mail.Example.com", ["@example.com"])).toBe(true);
    expect(emailDomainAllowed("ops@example.com.evil.test", ["example.com"])).toBe(false);
    expect(emailDomainAllowed("ops@notexample.com", ["example.com"])).toBe(false);
    expect(emailDomainAllowed("ops@example.com", [])).toBe(false);
  });

  it("refuses at upload, located, an address outside the domains, and any address when none are listed", async () => {
    const source = testRunbook() + route("ops@example.com, mallory@evil.test");
    const res = await open.call(open.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source, file: "mail.yaml" } });
    expect(res.statusCode).toBe(422);
    const line = source.split("\n").findIndex((l) => l.includes("mallory@evil.test")) + 1;
    expect(res.json<Diags>().error.details.diagnostics.map((d) => [d.line, d.path, d.message.includes("outside the domains")])).toEqual([[line, "notify.routes[0].email[1]", true]]);
    const none = await closed.call(closed.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source: testRunbook() + route("ops@example.com") } });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain("--notify-email-domains");
  });

  it("mails an allowed route, and refuses at delivery a stored route the operator no longer allows", async () => {
    const up = await open.call(open.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source: testRunbook() + route("ops@example.com") } });
    expect(up.statusCode, up.body).toBe(201);
    const run = await open.call(open.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: up.json<{ hash: string }>().hash, name: "Mail", id: "mail-run" } });
    expect(run.statusCode).toBe(201);
    expect((await open.call(open.callers.writeToken, { method: "POST", url: "/api/runs/mail-run/incidents", payload: { title: "Disk full", severity: "P1" } })).statusCode).toBe(201);
    await open.ctx.notifier.deliver();
    const [mail] = await sink.waitFor(1);
    expect(mail?.rcptTo).toEqual(["ops@example.com"]);
    // The same stored route on a server whose operator narrowed the list: the channel is refused.
    const ctx = await open.ctx.runs.context("mail-run");
    const [info] = routeInfos(ctx.loaded.runbook, ["example.org"]);
    const stored = info?.route;
    expect(stored?.email).toEqual(["ops@example.com"]);
    if (info && stored) expect(() => buildRouteChannel({ ...info, route: stored }, { env: () => ({}), smtp, emailDomains: ["example.org"] })).toThrow(/outside the domains/);
  });
});
