import { z } from "zod";
import { Duration, Secretable } from "../common-config.js";
export const DnsConfig = z.strictObject({
    name: Secretable,
    type: z.enum(["A", "AAAA", "CNAME", "TXT", "MX", "NS"]).default("A"),
    resolver: z.string().optional().describe("host or host:port of the resolver (default: the system's)."),
    timeout: Duration.optional(),
});
export const dns = {
    kind: "dns",
    description: "A DNS lookup: the records' values.",
    config: DnsConfig,
    values: { values: { list: "string" }, value: "string", count: "number", latency: "duration" },
};
