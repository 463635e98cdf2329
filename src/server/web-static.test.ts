import Fastify, { type FastifyInstance } from "fastify";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installErrorHandling } from "./errors.ts";
import { webStaticRoutes } from "./web-static.ts";

let dir: string;
let app: FastifyInstance;
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc.js"></script></head><body><div id="root"></div></body></html>';
const JS = `console.log(${JSON.stringify("x".repeat(4000))});`;

async function appFor(root: string): Promise<FastifyInstance> {
  const a = Fastify();
  installErrorHandling(a);
  a.get("/api/runs", () => []);
  await a.register(webStaticRoutes({ root }));
  await a.ready();
  return a;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "golive-web-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), INDEX);
  writeFileSync(join(dir, "assets", "index-abc.js"), JS);
  writeFileSync(join(dir, "favicon.svg"), "<svg/>");
  app = await appFor(dir);
});

afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("web-static", () => {
  it("serves hashed assets for good, gzipped when asked", async () => {
    const plain = await app.inject("/assets/index-abc.js");
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(plain.body).toBe(JS);
    const gz = await app.inject({ url: "/assets/index-abc.js", headers: { "accept-encoding": "gzip, br" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.headers.vary).toBe("accept-encoding");
    expect(gunzipSync(gz.rawPayload).toString()).toBe(JS);
    expect(gz.rawPayload.length).toBeLessThan(JS.length / 10);
  });

  it("answers every dashboard path with index.html, never cached stale", async () => {
    for (const url of ["/", "/runs/prod/checklist", "/login?next=%2F", "/index.html"]) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(res.headers["cache-control"]).toBe("no-cache");
      expect(res.body).toBe(INDEX);
    }
    expect((await app.inject("/favicon.svg")).headers["cache-control"]).toBe("public, max-age=3600");
  });

  it("keeps API 404s as JSON and missing files as 404, not HTML", async () => {
    expect((await app.inject("/api/runs")).json()).toEqual([]);
    for (const url of ["/api/nothing", "/api", "/assets/gone.js", "/robots.txt"]) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json<{ error: { code: string } }>().error.code).toBe("GOLIVE_E_ROUTE_NOT_FOUND");
    }
  });

  it("cannot be walked out of its folder", async () => {
    writeFileSync(join(dir, "..", "golive-secret.txt"), "TOPSECRET-42");
    for (const url of ["/../golive-secret.txt", "/assets/../../golive-secret.txt", "/%2e%2e/golive-secret.txt"]) {
      const res = await app.inject(url);
      expect(res.body, url).not.toContain("TOPSECRET-42");
    }
    rmSync(join(dir, "..", "golive-secret.txt"));
  });

  it("says how to build the dashboard when it is not built", async () => {
    const empty = mkdtempSync(join(tmpdir(), "golive-web-empty-"));
    const a = await appFor(empty);
    const res = await a.inject("/runs/x");
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain("npm run build:web");
    expect((await a.inject("/api/x")).statusCode).toBe(404);
    await a.close();
    rmSync(empty, { recursive: true, force: true });
  });
});
