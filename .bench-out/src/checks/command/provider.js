import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import { resolveUnderRoot } from "../check-env.js";
import { withDeadline } from "../deadline.js";
import { ProbeError } from "../provider.js";
/** Bytes of stdout and of stderr kept; the rest is read and dropped so the command never blocks. */
export const OUTPUT_CAP = 64 * 1024;
export const DISABLED_MESSAGE = "command checks are disabled; pass --allow-commands";
/**
 * A command, as argv (no shell) or a shell line (`/bin/sh -c`): exit_code, stdout and stderr (each
 * capped at 64 KiB, trailing whitespace trimmed). It runs in its own process group, so on timeout or
 * cancellation it is killed with every child it started; so are children left behind when it exits.
 */
export const commandProvider = {
    kind: "command",
    async probe(config, ctx) {
        if (!ctx.allowCommands)
            throw new ProbeError(DISABLED_MESSAGE);
        let cwd;
        if (config.cwd !== undefined) {
            const placed = await resolveUnderRoot(config.cwd, ctx.files);
            if (!placed.ok)
                throw new ProbeError(`working directory: ${placed.message}`);
            if (!existsSync(placed.path))
                throw new ProbeError(`working directory not found: ${config.cwd}`);
            cwd = placed.path;
        }
        // The exposed variables only (never the server's whole environment), a PATH to find programs,
        // then the check's own.
        const env = { PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin", ...ctx.env, ...config.env };
        return withDeadline(ctx, (deadline) => run(config, cwd, env, deadline));
    },
    explain(values) {
        const code = values.exit_code;
        if (typeof code !== "number" || code === 0)
            return undefined;
        const stderr = typeof values.stderr === "string" ? values.stderr : "";
        const last = stderr.split("\n").filter((l) => l.trim() !== "").at(-1);
        return `exit code ${code}${last === undefined ? "" : `: ${last.length > 200 ? `${last.slice(0, 200)}…` : last}`}`;
    },
};
class Capped {
    chunks = [];
    size = 0;
    truncated = false;
    push(chunk) {
        const room = OUTPUT_CAP - this.size;
        if (room <= 0) {
            this.truncated = true;
            return;
        }
        if (chunk.length > room)
            this.truncated = true;
        const kept = chunk.subarray(0, room);
        this.chunks.push(kept);
        this.size += kept.length;
    }
    text() {
        return Buffer.concat(this.chunks).toString("utf8").trimEnd();
    }
}
/** SIGKILL to the whole group; it may already be gone. */
function killGroup(pid) {
    if (pid === undefined)
        return;
    try {
        process.kill(-pid, "SIGKILL");
    }
    catch {
        // ESRCH: nobody left in the group.
    }
}
function run(config, cwd, env, deadline) {
    const [file, args] = config.argv ? [config.argv[0] ?? "", config.argv.slice(1)] : ["/bin/sh", ["-c", config.run ?? ""]];
    const started = performance.now();
    return new Promise((resolve, reject) => {
        const child = spawn(file, args, {
            cwd,
            env,
            // Its own process group: one kill reaches the command and everything it started.
            detached: true,
            stdio: ["ignore", "pipe", "pipe"],
        });
        const stdout = new Capped();
        const stderr = new Capped();
        child.stdout.on("data", (b) => stdout.push(b));
        child.stderr.on("data", (b) => stderr.push(b));
        let exitCode = null;
        let settled = false;
        const finish = (outcome) => {
            if (settled)
                return;
            settled = true;
            deadline.signal.removeEventListener("abort", onAbort);
            outcome();
        };
        const onAbort = () => {
            killGroup(child.pid);
            // A child that left the group may still hold the pipes: do not wait for them.
            child.stdout.destroy();
            child.stderr.destroy();
            finish(() => reject(new ProbeError(`${deadline.reason()}; killed the command and its children`)));
        };
        deadline.signal.addEventListener("abort", onAbort, { once: true });
        child.on("error", (err) => {
            const why = err.code === "ENOENT" ? "command not found" : err.code === "EACCES" ? "permission denied" : err.message;
            finish(() => reject(new ProbeError(`${why}: ${file}`)));
        });
        child.on("exit", (code, signal) => {
            exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
            // Background children it left behind would hold the pipes open and outlive the check.
            killGroup(child.pid);
        });
        child.on("close", () => {
            finish(() => resolve({
                exit_code: exitCode,
                stdout: stdout.text(),
                stderr: stderr.text(),
                latency: performance.now() - started,
            }));
        });
        if (deadline.signal.aborted)
            onAbort();
    });
}
