import { z } from "zod";
import { Duration, Secretable } from "../common-config.js";
export const SqlConfig = z.strictObject({
    url: Secretable.describe("postgres:// connection URL; use `${env:NAME}`."),
    query: z.string().min(1),
    params: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).default([]),
    explain: z.boolean().default(false).describe("Run EXPLAIN on the query: `plan` holds the plan text."),
    analyze: z.boolean().default(false).describe("EXPLAIN ANALYZE (runs the query, inside a read-only transaction)."),
    timeout: Duration.optional(),
});
export const sql = {
    kind: "sql",
    description: "A read-only SQL query on PostgreSQL: rows, first value, or the EXPLAIN plan.",
    config: SqlConfig,
    values: { rows: "number", value: "any", result: { list: "any" }, plan: "string", latency: "duration" },
};
