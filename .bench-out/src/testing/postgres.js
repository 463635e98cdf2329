import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
const run = promisify(execFile);
export const INSTALL_HINT = "PostgreSQL server binaries not found: run `bash scripts/install-deps.sh` (Debian: apt-get install -y postgresql), or set GOLIVE_PG_BIN to the folder holding initdb and pg_ctl.";
/** The folder with initdb and pg_ctl: GOLIVE_PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin. */
export function findPgBin() {
    const fromEnv = process.env.GOLIVE_PG_BIN;
    if (fromEnv && existsSync(join(fromEnv, "initdb")))
        return fromEnv;
    const base = "/usr/lib/postgresql";
    if (existsSync(base)) {
        const versions = readdirSync(base)
            .filter((v) => existsSync(join(base, v, "bin", "initdb")))
            .sort((a, b) => Number(b) - Number(a));
        if (versions[0])
            return join(base, versions[0], "bin");
    }
    throw new Error(INSTALL_HINT);
}
/** A free TCP port on 127.0.0.1. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const srv = createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const addr = srv.address();
            const port = typeof addr === "object" && addr ? addr.port : 0;
            srv.close(() => resolve(port));
        });
    });
}
/** Runs a PostgreSQL tool, as the postgres user when we are root (initdb refuses root). */
async function pgTool(bin, tool, args) {
    const asRoot = process.getuid?.() === 0;
    const cmd = asRoot ? "runuser" : join(bin, tool);
    const argv = asRoot ? ["-u", "postgres", "--", join(bin, tool), ...args] : args;
    await run(cmd, argv, { timeout: 60_000 });
}
/** Starts a fresh PostgreSQL server; the caller stops it in teardown. */
export async function startPostgres() {
    const bin = findPgBin();
    const dir = await mkdtemp(join(tmpdir(), "golive-pg-"));
    if (process.getuid?.() === 0) {
        const { stdout } = await run("id", ["-u", "postgres"]);
        const { stdout: gid } = await run("id", ["-g", "postgres"]);
        await chown(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    const data = join(dir, "data");
    await pgTool(bin, "initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
    const port = await freePort();
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    await pgTool(bin, "pg_ctl", ["-D", data, "-o", opts, "-l", join(dir, "log"), "-w", "-t", "60", "start"]);
    return {
        url: `postgres://postgres@127.0.0.1:${port}/postgres`,
        port,
        async restart() {
            await pgTool(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
            await pgTool(bin, "pg_ctl", ["-D", data, "-o", opts, "-l", join(dir, "log"), "-w", "-t", "60", "start"]);
        },
        async stop() {
            await pgTool(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
            await rm(dir, { recursive: true, force: true });
        },
    };
}
