import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../store/pglite.ts";
import type { Store } from "../../store/store.ts";
import { startSmtpSink, type SmtpSink } from "../../testing/smtp-sink.ts";
import { apiFixture, type ApiFixture } from "../testing/fixture.ts";
import { testRunbook } from "../testing/runbook.ts";
import { emailChannel, smtpFromEnv, type SmtpSettings } from "./email.ts";
import type { Envelope } from "./envelope.ts";

// E-mail through a real SMTP server on loopback (smtp-server): the message's headers, its text
// and HTML parts in the runbook's language, the run link, sign-off requests to the role's members
// who are e-mail addresses, and retries when the server refuses.

const PASS = "smtp-pass-Zq8v!x2";

describe("e-mail over SMTP", () => {
  let sink: SmtpSink;
  let store: Store;
  let fx: ApiFixture;
  let smtp: SmtpSettings;

  beforeAll(async () => {
    sink = await startSmtpSink({ user: "golive", pass: PASS });
    smtp = { host: sink.host, port: sink.port, secure: false, user: "golive", pass: PASS, from: "golive <golive@example.com>" };
    store = await openPgliteStore(undefined);
    fx = await apiFixture(store, { notify: { channels: [emailChannel({ id: "server:email", smtp, to: ["ops@example.com"], peopleDomains: ["example.com"] })], publicUrl: "https://golive.example" } });
    // A Vietnamese runbook whose QA role has a member who is an e-mail address.
    const source = testRunbook().replace("timezone: UTC", "timezone: UTC\n  language: vi").replace("members: [quinn, pat]", "members: [quinn, pat, QA-Lead@example.com, someone@elsewhere.test]");
    const up = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runbooks", payload: { source } });
    expect(up.statusCode).toBe(201);
    // An admin vouches for the members the editor's text names (without it they would not act).
    await fx.approve(up.json<{ hash: string }>().hash);
    const run = await fx.call(fx.callers.editor, { method: "POST", url: "/api/runs", payload: { runbook: up.json<{ hash: string }>().hash, name: "Chuyển đổi ERP", id: "vi-run" } });
    expect(run.statusCode).toBe(201);
  });
  afterAll(async () => {
    await fx.close();
    await store.close();
    await sink.close();
  });

  const deliver = () => fx.ctx.notifier.deliver();
  const version = async () => (await fx.call(fx.callers.editor, { method: "GET", url: "/api/runs/vi-run" })).json<{ version: number }>().version;
  const rowOf = async (title: string) => (await store.listOutbox({ runId: "vi-run" })).find((r) => (r.payload as Envelope).data.title === title);

  it("delivers a localized plain-text and HTML mail with the run link to the route's addresses", async () => {
    const res = await fx.call(fx.callers.writeToken, { method: "POST", url: "/api/runs/vi-run/incidents", payload: { title: "Kho không đồng bộ", severity: "P1" } });
    expect(res.statusCode).toBe(201);
    await deliver();
    const [mail] = await sink.waitFor(1);
    expect(mail?.user).toBe("golive");
    expect(mail?.mailFrom).toBe("golive@example.com");
    expect(mail?.rcptTo).toEqual(["ops@example.com"]);
    const p = mail?.parsed;
    expect(p?.subject).toBe("[golive] Chuyển đổi ERP: Sự cố đã mở (P1) · Kho không đồng bộ");
    expect(p?.from?.value).toEqual([{ name: "golive", address: "golive@example.com" }]);
    expect(p?.headers.get("x-golive-event")).toBe("incident.opened");
    const row = await rowOf("Kho không đồng bộ");
    expect(p?.headers.get("x-golive-delivery")).toBe(row?.id);
    expect(p?.messageId).toBe(`<${row?.id}@golive>`);
    expect(p?.text).toContain("Mức độ: P1");
    expect(p?.text).toContain("Mở lần chạy: https://golive.example/runs/vi-run");
    expect(p?.html).toContain('<a href="https://golive.example/runs/vi-run">Mở lần chạy</a>');
    expect(row).toMatchObject({ state: "sent", attempts: 1 });
  });

  it("escapes what a runbook or a person wrote in the HTML part", async () => {
    await fx.call(fx.callers.writeToken, { method: "POST", url: "/api/runs/vi-run/incidents", payload: { title: "<img src=x onerror=alert(1)>", severity: "P2" } });
    await deliver();
    const [, mail] = await sink.waitFor(2);
    expect(mail?.parsed.html).not.toContain("<img");
    expect(mail?.parsed.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("sends a sign-off request to the role's members that are e-mail addresses in the allowed domains as well", async () => {
    const before = sink.mails.length;
    expect((await fx.call(fx.callers.dev, { method: "PUT", url: "/api/runs/vi-run/items/backup", payload: { version: await version(), state: "done", evidence: [{ kind: "text", value: "snap 7" }] } })).statusCode).toBe(200);
    expect((await fx.call(fx.callers.quinn, { method: "PUT", url: "/api/runs/vi-run/items/smoke", payload: { version: await version(), state: "done" } })).statusCode).toBe(200);
    await deliver();
    const mails = sink.mails.slice(before);
    const qa = mails.find((m) => m.parsed.headers.get("x-golive-event") === "signoff.requested" && m.parsed.subject?.includes("QA accepts"));
    expect(qa?.rcptTo.sort()).toEqual(["ops@example.com", "qa-lead@example.com"]);
    expect(qa?.parsed.subject).toContain("Yêu cầu phê duyệt");
    expect(qa?.parsed.text).toContain("Gửi tới: quinn, pat, QA-Lead@example.com");
    // A member an editor wrote in the runbook outside the operator's domains is never mailed.
    expect(mails.flatMap((m) => m.rcptTo)).not.toContain("someone@elsewhere.test");
    const po = mails.find((m) => m.parsed.headers.get("x-golive-event") === "signoff.requested" && m.parsed.subject?.includes("PO accepts"));
    expect(po?.rcptTo).toEqual(["ops@example.com"]);
  });

  it("retries when the server refuses for now, gives up when it refuses for good, and logs each attempt", async () => {
    sink.refuse(451);
    const attempts = sink.attempts;
    await fx.call(fx.callers.writeToken, { method: "POST", url: "/api/runs/vi-run/incidents", payload: { title: "Tạm thời", severity: "P2" } });
    await deliver();
    expect(sink.attempts).toBe(attempts + 1);
    const row = await rowOf("Tạm thời");
    expect(row).toMatchObject({ state: "retrying", attempts: 1 });
    expect(row?.lastError).toMatch(/^SMTP 451: /);
    fx.clock.advance(5_000);
    await deliver();
    expect(await rowOf("Tạm thời")).toMatchObject({ state: "sent", attempts: 2 });
    const log = await store.listDeliveries([row?.id ?? ""]);
    expect(log.map((d) => [d.attempt, d.ok, d.status])).toEqual([[1, false, 451], [2, true, null]]);

    sink.refuse(550);
    await fx.call(fx.callers.writeToken, { method: "POST", url: "/api/runs/vi-run/incidents", payload: { title: "Vĩnh viễn", severity: "P2" } });
    await deliver();
    const failed = await rowOf("Vĩnh viễn");
    expect(failed).toMatchObject({ state: "failed", attempts: 1 });
    expect(failed?.lastError).toMatch(/^SMTP 550: /);
    // The SMTP password is nowhere in what the store keeps.
    const everything = JSON.stringify([await store.listOutbox({}), await store.listDeliveries((await store.listOutbox({})).map((r) => r.id))]);
    expect(everything).not.toContain(PASS);
  });

  it("retries an unreachable server and a wrong password fails at once, the password never in the error", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const e = { id: "ntf_x", type: "test", version: 1, key: "k", at: "", run: { id: "r", name: "R", kind: "live" }, runbook: { id: "rb", title: "RB" }, subject: "run", title: "t", data: {} } satisfies Envelope;
    const down = await emailChannel({ id: "x", smtp: { ...smtp, port }, to: ["ops@example.com"], timeoutMs: 3_000 }).send(e, 0);
    expect(down).toMatchObject({ ok: false, retry: true });
    expect(down.error).toContain("ECONNREFUSED");
    const wrong = await emailChannel({ id: "x", smtp: { ...smtp, pass: `${PASS}-wrong` }, to: ["ops@example.com"] }).send(e, 0);
    expect(wrong).toMatchObject({ ok: false, retry: false, status: 535 });
    expect(wrong.error).not.toContain(PASS);
  });
});

describe("SMTP settings from the environment", () => {
  it("reads a URL or host, port and user, and needs a sender", () => {
    expect(smtpFromEnv({})).toBeUndefined();
    expect(smtpFromEnv({ GOLIVE_SMTP_URL: "smtps://mailer:p%40ss@mail.example:2465", GOLIVE_SMTP_FROM: "golive@example.com" })).toEqual({ host: "mail.example", port: 2465, secure: true, user: "mailer", pass: "p@ss", from: "golive@example.com" });
    expect(smtpFromEnv({ GOLIVE_SMTP_HOST: "mail.example", GOLIVE_SMTP_USER: "u", GOLIVE_SMTP_PASS: "p", GOLIVE_SMTP_FROM: "golive <golive@example.com>" })).toEqual({ host: "mail.example", port: 587, secure: false, user: "u", pass: "p", from: "golive <golive@example.com>" });
    expect(() => smtpFromEnv({ GOLIVE_SMTP_HOST: "mail.example" })).toThrow(/GOLIVE_SMTP_FROM/);
    expect(() => smtpFromEnv({ GOLIVE_SMTP_URL: "http://x:secret-pw@mail", GOLIVE_SMTP_FROM: "a@b.c" })).toThrow(/smtp:\/\/ or smtps:\/\//);
    try {
      smtpFromEnv({ GOLIVE_SMTP_URL: "smtp://x:secret-pw@[bad", GOLIVE_SMTP_FROM: "a@b.c" });
    } catch (err) {
      expect((err as Error).message).not.toContain("secret-pw");
    }
  });
});
