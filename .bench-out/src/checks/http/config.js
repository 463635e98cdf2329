import { z } from "zod";
import { Duration, Secretable } from "../common-config.js";
export const HttpConfig = z.strictObject({
    url: Secretable.describe("Target URL; `${env:NAME}` allowed."),
    method: z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]).default("GET"),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional().describe("Request body; an object is sent as JSON."),
    redirects: z.boolean().default(false).describe("Follow redirects (at most 5)."),
    timeout: Duration.optional(),
    max_body: z.string().regex(/^\d+(B|KB|MB|KiB|MiB)$/).default("1MiB").describe("Read at most this much of the body."),
    insecure: z.boolean().default(false).describe("Accept an invalid TLS certificate."),
    ca: z.string().optional().describe("PEM file of extra trusted CAs (a private CA)."),
});
export const http = {
    kind: "http",
    description: "An HTTP(S) request: status, latency, headers, JSON body, body text.",
    config: HttpConfig,
    values: {
        status: "number",
        latency: "duration",
        headers: { map: "string" },
        body: "any",
        text: "string",
        size: "bytes",
        truncated: "boolean",
        url: "string",
        redirects: "number",
    },
};
