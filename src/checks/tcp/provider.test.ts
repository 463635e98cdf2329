import { createServer, type AddressInfo, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TcpConfig } from "./config.ts";
import { tcpProvider } from "./provider.ts";

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function probe(config: Record<string, unknown>) {
  return tcpProvider.probe(TcpConfig.parse(config), { signal: AbortSignal.timeout(5_000), timeoutMs: 5_000, allowCommands: false, env: {}, files: "any" });
}

describe("tcp provider", () => {
  it("connects", async () => {
    const v = await probe({ host: "127.0.0.1", port });
    expect(v.connected).toBe(true);
    expect(v.latency as number).toBeGreaterThanOrEqual(0);
  });

  it("reports a refused port as not connected, with the cause", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const v = await probe({ host: "127.0.0.1", port: free });
    expect(v.connected).toBe(false);
    expect(tcpProvider.explain(v)).toBe(`connection refused (127.0.0.1:${free})`);
  });

  it("takes a port given as text (from a secret)", async () => {
    const v = await probe({ host: "127.0.0.1", port: String(port) });
    expect(v.connected).toBe(true);
  });

  it("rejects a host that does not resolve", async () => {
    await expect(probe({ host: "no-such-host.invalid", port: 80 })).rejects.toThrow(/DNS: host not found 'no-such-host.invalid'/);
  });
});
