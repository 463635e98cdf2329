import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TlsConfig } from "./config.ts";
import { tlsProvider } from "./provider.ts";
import { makeTestCerts, type TestCert, type TestCerts } from "./test-certs.ts";

let certs: TestCerts;
const servers: Server[] = [];
const ports: Record<string, number> = {};

async function serve(name: string, cert: TestCert): Promise<void> {
  const server = createServer({ key: cert.key, cert: cert.cert }, (socket) => socket.end());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  ports[name] = (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  certs = makeTestCerts();
  await serve("valid", certs.valid);
  await serve("expired", certs.expired);
  await serve("wrong", certs.wrongHost);
  await serve("self", certs.selfSigned);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  certs.cleanup();
});

function probe(name: string, extra: Record<string, unknown> = {}) {
  const config = TlsConfig.parse({ host: "localhost", port: ports[name], ca: certs.caFile, ...extra });
  return tlsProvider.probe(config, { signal: AbortSignal.timeout(5_000), timeoutMs: 5_000, allowCommands: false, env: {}, files: "any" });
}

describe("tls provider", () => {
  it("reports a valid certificate from a trusted CA", async () => {
    const v = await probe("valid");
    expect(v).toMatchObject({ valid: true, hostname_match: true, chain_valid: true, self_signed: false, issuer: "golive test CA", subject: "localhost" });
    expect(v.days_left).toBe(90);
    expect(v.protocol).toMatch(/^TLSv1\.[23]$/);
    // Shown only when a condition such as `days_left > 100` did not pass.
    expect(tlsProvider.explain(v)).toBe("TLS: certificate expires in 90 days");
  });

  it("distrusts the same certificate without the CA", async () => {
    const config = TlsConfig.parse({ host: "localhost", port: ports.valid });
    const v = await tlsProvider.probe(config, { signal: AbortSignal.timeout(5_000), timeoutMs: 5_000, allowCommands: false, env: {}, files: "any" });
    expect(v.chain_valid).toBe(false);
    expect(v.valid).toBe(false);
    expect(tlsProvider.explain(v)).toMatch(/^TLS: certificate chain not trusted/);
  });

  it("says an expired certificate expired 3 days ago", async () => {
    const v = await probe("expired");
    expect(v.days_left).toBe(-3);
    expect(v.valid).toBe(false);
    expect(v.chain_valid).toBe(true);
    expect(tlsProvider.explain(v)).toBe("TLS: certificate expired 3 days ago");
  });

  it("finds a certificate made for another host", async () => {
    const v = await probe("wrong");
    expect(v.hostname_match).toBe(false);
    expect(v.valid).toBe(false);
    expect(tlsProvider.explain(v)).toBe("TLS: certificate is for DNS:other.example, not localhost");
  });

  it("finds a self-signed certificate", async () => {
    const v = await probe("self");
    expect(v.self_signed).toBe(true);
    expect(v.chain_valid).toBe(false);
    expect(tlsProvider.explain(v)).toBe("TLS: self-signed certificate");
  });

  it("fails with the cause when nothing listens", async () => {
    const port = ports.valid;
    await new Promise<void>((r) => servers[0]?.close(() => r()));
    servers.shift();
    await expect(probe("valid", { port })).rejects.toThrow(`connection refused (localhost:${port})`);
  });
});
