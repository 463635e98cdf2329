import { z } from "zod";
import { Duration, Secretable } from "../common-config.js";
export const LoadConfig = z.strictObject({
    url: Secretable,
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("GET"),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    rate: z.number().positive().describe("Requests per second."),
    duration: Duration.describe("How long to hold the rate."),
    connections: z.number().int().min(1).max(1000).default(10),
});
export const load = {
    kind: "load",
    description: "Rate x duration against an HTTP target: achieved rate, latency percentiles, error rate.",
    config: LoadConfig,
    values: {
        rate: "number",
        requests: "number",
        errors: "number",
        error_rate: "percent",
        p50: "duration",
        p90: "duration",
        p95: "duration",
        p99: "duration",
        mean: "duration",
        max: "duration",
        first_error: "string",
    },
};
