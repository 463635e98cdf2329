import { z } from "zod";
import { Duration } from "../common-config.js";
export const CommandConfig = z
    .strictObject({
    run: z.string().optional().describe("A shell command line (run by /bin/sh -c)."),
    argv: z.array(z.string()).min(1).optional().describe("A program and its arguments, no shell."),
    cwd: z.string().optional(),
    env: z.record(z.string(), z.string()).default({}),
    timeout: Duration.optional(),
})
    .refine((c) => (c.run === undefined) !== (c.argv === undefined), { message: "needs exactly one of `run` or `argv`" });
export const command = {
    kind: "command",
    description: "A command: exit code, stdout, stderr. Disabled unless allowed.",
    config: CommandConfig,
    values: { exit_code: "number", stdout: "string", stderr: "string", latency: "duration" },
};
