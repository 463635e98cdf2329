import { z } from "zod";
import { Duration, Port, Secretable } from "../common-config.js";
export const TlsConfig = z.strictObject({
    host: Secretable,
    port: Port.default(443),
    servername: z.string().optional().describe("SNI and the name to match (default: host)."),
    ca: z.string().optional().describe("PEM file of extra trusted CAs."),
    timeout: Duration.optional(),
});
export const tls = {
    kind: "tls",
    description: "A TLS handshake: certificate days left, hostname match, chain, protocol.",
    config: TlsConfig,
    values: {
        days_left: "number",
        valid: "boolean",
        hostname_match: "boolean",
        chain_valid: "boolean",
        self_signed: "boolean",
        protocol: "string",
        issuer: "string",
        subject: "string",
        names: "string",
        not_after: "string",
        verify_error: "string",
        hostname: "string",
        latency: "duration",
    },
};
