import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DnsConfig } from "./config.ts";
import { dnsProvider, resolverAddress } from "./provider.ts";
import { startTestDns, type TestDnsServer } from "./test-server.ts";

let dnsServer: TestDnsServer;
beforeAll(async () => {
  dnsServer = await startTestDns(
    {
      "api.golive.test": { A: ["127.0.0.2", "127.0.0.1"], AAAA: ["::1"], TXT: ["v=spf1 -all"], MX: ["20 mx2.golive.test", "10 mx1.golive.test"] },
      "www.golive.test": { CNAME: ["api.golive.test"] },
      "empty.golive.test": {},
    },
    ["slow.golive.test"],
  );
});
afterAll(() => dnsServer.close());

function probe(config: Record<string, unknown>, timeoutMs = 3_000) {
  return dnsProvider.probe(DnsConfig.parse({ resolver: dnsServer.address, ...config }), { signal: AbortSignal.timeout(timeoutMs + 1_000), timeoutMs, allowCommands: false, env: {}, files: "any" });
}

describe("dns provider", () => {
  it("resolves A records, sorted, from the chosen resolver", async () => {
    const v = await probe({ name: "api.golive.test" });
    expect(v).toMatchObject({ values: ["127.0.0.1", "127.0.0.2"], value: "127.0.0.1", count: 2 });
    expect(dnsServer.queries).toContain("api.golive.test A");
  });

  it("resolves AAAA, CNAME, TXT and MX", async () => {
    expect((await probe({ name: "api.golive.test", type: "AAAA" })).values).toEqual(["::1"]);
    expect((await probe({ name: "www.golive.test", type: "CNAME" })).value).toBe("api.golive.test");
    expect((await probe({ name: "api.golive.test", type: "TXT" })).value).toBe("v=spf1 -all");
    expect((await probe({ name: "api.golive.test", type: "MX" })).values).toEqual(["10 mx1.golive.test", "20 mx2.golive.test"]);
  });

  it("reports a name without records of the type as count 0", async () => {
    const v = await probe({ name: "empty.golive.test" });
    expect(v).toMatchObject({ values: [], count: 0 });
  });

  it("names NXDOMAIN", async () => {
    await expect(probe({ name: "nope.golive.test" })).rejects.toThrow("DNS: nope.golive.test does not exist (NXDOMAIN)");
  });

  it("names the resolver that does not answer", async () => {
    await expect(probe({ name: "slow.golive.test" }, 500)).rejects.toThrow(`DNS: no answer from ${dnsServer.address}`);
  });

  it("accepts IP resolvers only", () => {
    expect(resolverAddress("127.0.0.1:53")).toBe("127.0.0.1:53");
    expect(resolverAddress("[::1]:5353")).toBe("[::1]:5353");
    expect(() => resolverAddress("dns.example:53")).toThrow(/must be an IP address/);
  });
});
