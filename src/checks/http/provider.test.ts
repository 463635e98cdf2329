import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCondition } from "../../core/conditions/index.ts";
import { judge } from "../evaluate.ts";
import { ProbeError } from "../provider.ts";
import { http, HttpConfig } from "./config.ts";
import { httpProvider } from "./provider.ts";

let server: Server;
let base: string;

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? "/", "http://x");
  const p = url.pathname;
  if (p === "/ok") {
    res.writeHead(200, {
      "Content-Type": "application/json",
      "Strict-Transport-Security": "max-age=63072000",
      "Content-Security-Policy": "default-src 'self'",
    });
    res.end(JSON.stringify({ status: "ok", db: { ok: true, pool: 7 }, items: [1, 2, 3] }));
  } else if (p === "/text") {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end("hello golive");
  } else if (p === "/missing") {
    res.writeHead(404).end("not here");
  } else if (p === "/moved") {
    res.writeHead(302, { Location: "/ok" }).end();
  } else if (p === "/loop-a") {
    res.writeHead(302, { Location: "/loop-b" }).end();
  } else if (p === "/loop-b") {
    res.writeHead(301, { Location: `${base}/loop-a` }).end();
  } else if (p.startsWith("/hop/")) {
    const n = Number(p.slice(5));
    res.writeHead(302, { Location: n > 0 ? `/hop/${n - 1}` : "/ok" }).end();
  } else if (p === "/big") {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(`{"pad":"${"x".repeat(2 * 1024 * 1024)}"}`);
  } else if (p === "/not-json") {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end("{status: ok");
  } else if (p === "/bom") {
    // A byte-order mark, then JSON with a non-ASCII name: of declared length, or chunked.
    const body = Buffer.from(`\uFEFF${JSON.stringify({ city: "Hà Nội" })}`, "utf8");
    if (url.searchParams.has("chunked")) {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write(body.subarray(0, 5));
      res.end(body.subarray(5));
    } else res.writeHead(200, { "Content-Type": "application/json", "Content-Length": body.length }).end(body);
  } else if (p === "/echo") {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ method: req.method, type: req.headers["content-type"] ?? null, agent: req.headers["user-agent"], got: Buffer.concat(chunks).toString() }));
    });
  } else res.writeHead(500).end("no route");
}

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function probe(config: Record<string, unknown>, uses?: string[]) {
  return httpProvider.probe(HttpConfig.parse(config), {
    signal: AbortSignal.timeout(5_000),
    timeoutMs: 5_000,
    allowCommands: false,
    env: {},
    files: "any",
    ...(uses ? { uses: new Set(uses) } : {}),
  });
}

function conditions(...sources: string[]) {
  return sources.map((s) => {
    const r = parseCondition(s, http.values);
    if (!r.ok) throw new Error(`${s}: ${r.errors.map((e) => e.message).join("; ")}`);
    return r.condition;
  });
}

describe("http provider", () => {
  it("reports status, lower-case headers, JSON body and latency", async () => {
    const v = await probe({ url: `${base}/ok` });
    expect(v.status).toBe(200);
    expect((v.headers as Record<string, string>)["strict-transport-security"]).toBe("max-age=63072000");
    expect((v.body as { db: { pool: number } }).db.pool).toBe(7);
    expect(typeof v.latency).toBe("number");
    expect(v.latency as number).toBeGreaterThanOrEqual(0);
    const j = judge(
      conditions(`status == 200`, `headers["content-security-policy"] == "default-src 'self'"`, `body.db.ok == true`, `headers["strict-transport-security"] exists`),
      v,
    );
    expect(j.outcome).toBe("pass");
  });

  it("shows the observed value when a condition fails", async () => {
    const v = await probe({ url: `${base}/missing` });
    const j = judge(conditions("status == 200"), v);
    expect(j.outcome).toBe("fail");
    expect(j.conditions[0]?.text).toContain("404");
    expect(v.text).toBe("not here");
  });

  it("matches body text", async () => {
    const v = await probe({ url: `${base}/text` });
    expect(judge(conditions(`text contains "golive"`), v).outcome).toBe("pass");
    expect(judge(conditions(`text contains "nope"`), v).outcome).toBe("fail");
  });

  it("does not follow redirects unless asked, and follows them when asked", async () => {
    const direct = await probe({ url: `${base}/moved` });
    expect(direct.status).toBe(302);
    expect((direct.headers as Record<string, string>).location).toBe("/ok");
    const followed = await probe({ url: `${base}/moved`, redirects: true });
    expect(followed.status).toBe(200);
    expect(followed.url).toBe(`${base}/ok`);
    expect(followed.redirects).toBe(1);
  });

  it("detects a redirect loop", async () => {
    await expect(probe({ url: `${base}/loop-a`, redirects: true })).rejects.toThrow(/redirect loop: .*loop-a -> .*loop-b -> .*loop-a/);
  });

  it("stops after the redirect limit", async () => {
    await expect(probe({ url: `${base}/hop/9`, redirects: true })).rejects.toThrow(/too many redirects \(more than 5\)/);
    const ok = await probe({ url: `${base}/hop/3`, redirects: true });
    expect(ok.status).toBe(200);
  });

  it("reads the body only up to max_body", async () => {
    const v = await probe({ url: `${base}/big`, max_body: "1KiB" });
    expect(v.size).toBe(1024);
    expect(v.truncated).toBe(true);
    expect((v.text as string).length).toBe(1024);
    await expect(probe({ url: `${base}/big`, max_body: "1KiB" }, ["body"])).rejects.toThrow(/larger than max_body \(1KiB\)/);
  });

  it("says so when the body is not JSON and a condition reads it", async () => {
    const err = await probe({ url: `${base}/not-json` }, ["body"]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProbeError);
    expect((err as Error).message).toMatch(/^response body is not valid JSON: .*status 200, application\/json, 11 bytes/);
    const v = await probe({ url: `${base}/not-json` }, ["status"]);
    expect(v.status).toBe(200);
    expect(v.body).toBeUndefined();
  });

  it("sends an object body as JSON, with method and headers", async () => {
    const v = await probe({ url: `${base}/echo`, method: "POST", body: { phone: "+84" }, headers: { "User-Agent": "probe/1" } });
    expect(v.body).toEqual({ method: "POST", type: "application/json", agent: "probe/1", got: '{"phone":"+84"}' });
  });

  it("sends golive's user agent unless the check sets one, and a JSON type only for an object body", async () => {
    expect((await probe({ url: `${base}/echo` })).body).toEqual({ method: "GET", type: null, agent: "golive-check", got: "" });
    const typed = await probe({ url: `${base}/echo`, method: "POST", body: { a: 1 }, headers: { "content-type": "application/merge-patch+json" } });
    expect(typed.body).toEqual({ method: "POST", type: "application/merge-patch+json", agent: "golive-check", got: '{"a":1}' });
    expect((await probe({ url: `${base}/echo`, method: "POST", body: "plain" })).body).toEqual({ method: "POST", type: null, agent: "golive-check", got: "plain" });
  });

  it("reads a body of declared length and a chunked one alike: bytes counted, byte-order mark dropped", async () => {
    const bytes = Buffer.byteLength(`\uFEFF${JSON.stringify({ city: "Hà Nội" })}`, "utf8");
    for (const url of [`${base}/bom`, `${base}/bom?chunked`]) {
      const v = await probe({ url }, ["body", "size"]);
      expect(v.body).toEqual({ city: "Hà Nội" });
      expect(v.text).toBe('{"city":"Hà Nội"}');
      expect(v.size).toBe(bytes);
      expect(v.truncated).toBe(false);
    }
  });

  it("reads no body for HEAD", async () => {
    const v = await probe({ url: `${base}/ok`, method: "HEAD" });
    expect(v.status).toBe(200);
    expect(v.size).toBe(0);
  });

  it("names a refused connection", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(probe({ url: `http://127.0.0.1:${port}/` })).rejects.toThrow(`connection refused (127.0.0.1:${port})`);
  });

  it("rejects a URL that is not http(s)", async () => {
    await expect(probe({ url: "ftp://127.0.0.1/x" })).rejects.toThrow(/unsupported URL scheme 'ftp:'/);
  });
});
