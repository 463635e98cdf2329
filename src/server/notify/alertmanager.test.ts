import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Gauge, Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertmanagerConfig, startAlertmanager, type TestAlertmanager } from "../../testing/alertmanager.ts";
import { serveRegistry, type TestExporter } from "../../testing/exporter.ts";
import { startHttpSink, type HttpSink } from "../../testing/http-sink.ts";
import { startPrometheus, type TestPrometheus } from "../../testing/prometheus.ts";
import { startServer, type RunningServer } from "../serve.ts";
import { testRunbook } from "../testing/runbook.ts";
import type { Envelope } from "./envelope.ts";
import { verifySignature } from "./sign.ts";

// The whole path with real parts: a Prometheus rule fires, a real Alertmanager posts its v4
// webhook to golive (started as `golive serve --notify-webhook URL` starts it), golive opens one
// incident and a signed delivery naming it reaches the webhook; the rule stops firing and the
// incident resolves.

const SECRET = "alertmanager-test-signing-secret";
const PASSWORD = "alertmanager test password";
const RULES = `groups:
  - name: golive-test
    rules:
      - alert: CheckoutErrors
        expr: golive_test_checkout_errors > 0
        labels: { severity: critical }
        annotations: { summary: "Checkout errors above zero", description: "The checkout answers errors." }
`;

describe("a real Alertmanager firing at golive", () => {
  let dir: string;
  let hook: HttpSink;
  let server: RunningServer;
  let exporter: TestExporter;
  let am: TestAlertmanager;
  let prom: TestPrometheus;
  const registry = new Registry();
  const errors = new Gauge({ name: "golive_test_checkout_errors", help: "errors", registers: [registry] });
  let cookie = "";
  const run = "api-test-demo";

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "golive-am-test-"));
    const runbook = join(dir, "runbook.yaml");
    await writeFile(runbook, testRunbook());
    hook = await startHttpSink();
    server = await startServer({
      db: "memory:", host: "127.0.0.1", port: 0, runbooks: [runbook], adminUser: "root", adminPassword: PASSWORD,
      allowCommands: false, secure: false, checkEveryMs: 0, log: () => undefined,
      notify: { webhook: hook.url, secret: SECRET },
    });
    const login = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: "root", password: PASSWORD }) });
    cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const { csrf_token } = (await login.json()) as { csrf_token: string };
    const made = await fetch(`${server.url}/api/tokens`, { method: "POST", headers: { cookie, "x-csrf-token": csrf_token, "content-type": "application/json" }, body: JSON.stringify({ name: "alertmanager", scope: "write" }) });
    const { token } = (await made.json()) as { token: string };
    am = await startAlertmanager(alertmanagerConfig(`${server.url}/api/runs/${run}/alerts`, token));
    errors.set(0);
    exporter = await serveRegistry(registry);
    prom = await startPrometheus({ jobs: [{ job: "shop", targets: [exporter.target] }], rules: RULES, alertmanager: am.target });
  }, 90_000);

  afterAll(async () => {
    await prom?.stop();
    await am?.stop();
    await exporter?.close();
    await server?.close();
    await hook?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const incidents = async () => {
    const res = await fetch(`${server.url}/api/runs/${run}`, { headers: { cookie } });
    return ((await res.json()) as { facts: { incidents: { id: string; title: string; severity: string; resolved_at?: string; alert?: { group_key: string } }[] } }).facts.incidents;
  };
  const events = () => hook.requests.map((r) => ({ env: JSON.parse(r.body) as Envelope, sig: r.headers["x-golive-signature"] as string, body: r.body }));

  it("opens one incident, tells the webhook with a signed delivery, and resolves it", async () => {
    errors.set(3);
    await expect.poll(async () => (await incidents()).length, { timeout: 60_000, interval: 250 }).toBe(1);
    const [incident] = await incidents();
    expect(incident).toMatchObject({ title: "Checkout errors above zero", severity: "P1" });
    expect(incident?.alert?.group_key).toContain("CheckoutErrors");
    await expect.poll(() => events().some((e) => e.env.type === "incident.opened"), { timeout: 30_000, interval: 100 }).toBe(true);
    const opened = events().find((e) => e.env.type === "incident.opened");
    expect(opened?.env).toMatchObject({ subject: `incident:${incident?.id}`, data: { incident: incident?.id, title: "Checkout errors above zero" }, run: { id: run } });
    expect(verifySignature(SECRET, opened?.sig, opened?.body ?? "", Math.floor(Date.now() / 1000))).toBe(true);

    errors.set(0);
    await expect.poll(async () => (await incidents())[0]?.resolved_at, { timeout: 60_000, interval: 250 }).toBeDefined();
    await expect.poll(() => events().some((e) => e.env.type === "incident.resolved"), { timeout: 30_000, interval: 100 }).toBe(true);
    // However often Alertmanager repeated itself meanwhile: one incident, opened and resolved once.
    expect(await incidents()).toHaveLength(1);
    expect(events().filter((e) => e.env.type === "incident.opened")).toHaveLength(1);
    expect(events().filter((e) => e.env.type === "incident.resolved")).toHaveLength(1);
  }, 150_000);
});
