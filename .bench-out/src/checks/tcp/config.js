import { z } from "zod";
import { Duration, Port, Secretable } from "../common-config.js";
export const TcpConfig = z.strictObject({
    host: Secretable,
    port: Port,
    timeout: Duration.optional(),
});
export const tcp = {
    kind: "tcp",
    description: "A TCP connect.",
    config: TcpConfig,
    values: { connected: "boolean", latency: "duration", error: "string" },
};
