import { z } from "zod";
import { Duration, Secretable } from "../common-config.js";
export const PrometheusConfig = z
    .strictObject({
    url: Secretable.describe("Base URL of the Prometheus server."),
    query: z.string().optional().describe("PromQL instant query."),
    rules: z.boolean().default(false).describe("Read the loaded rules and alerts instead of a query."),
    headers: z.record(z.string(), z.string()).default({}),
    timeout: Duration.optional(),
})
    .refine((c) => c.query !== undefined || c.rules, { message: "needs `query`, or `rules: true`" });
export const prometheus = {
    kind: "prometheus",
    description: "A PromQL instant query, or the loaded rules and alerts.",
    config: PrometheusConfig,
    values: {
        value: "any",
        values: { list: "any" },
        series: "number",
        rules: { list: "string" },
        rule_count: "number",
        firing: { list: "string" },
        latency: "duration",
    },
};
