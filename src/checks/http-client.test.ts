import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent, request } from "./http-client.ts";

let server: Server;
let base: string;
const seen: { method: string; url: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", body });
      res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("the checks' HTTP client (undici's Agent and request, without the rest of undici)", () => {
  it("GETs the URL's path and query on a shared pool unless told otherwise", async () => {
    const res = await request(new URL(`${base}/a/b?x=1&y=%20`));
    expect(res.statusCode).toBe(201);
    expect(await res.body.json()).toEqual({ ok: true });
    expect(seen.at(-1)).toEqual({ method: "GET", url: "/a/b?x=1&y=%20", body: "" });
  });

  it("sends the method, headers and body through the dispatcher given", async () => {
    const agent = new Agent({ keepAliveTimeout: 1000 });
    try {
      const res = await request(new URL(`${base}/post`), { method: "POST", headers: { "content-type": "text/plain" }, body: "hello", dispatcher: agent });
      await res.body.dump();
      expect(res.statusCode).toBe(201);
      expect(seen.at(-1)).toEqual({ method: "POST", url: "/post", body: "hello" });
    } finally {
      await agent.close();
    }
  });
});
