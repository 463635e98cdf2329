import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chown, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A PostgreSQL server started for tests on 127.0.0.1 with a throw-away data directory. */
export interface TestPostgres {
  url: string;
  port: number;
  /** Stops the server at once (connections cut, as in a crash or failover) and starts it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export const INSTALL_HINT =
  "PostgreSQL server binaries not found: run `bash scripts/install-deps.sh` (Debian: apt-get install -y postgresql), or set GOLIVE_PG_BIN to the folder holding initdb and pg_ctl.";

/** The folder with initdb and pg_ctl: GOLIVE_PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin. */
export function findPgBin(): string {
  const fromEnv = process.env.GOLIVE_PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, "initdb"))) return fromEnv;
  const base = "/usr/lib/postgresql";
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(base, versions[0], "bin");
  }
  throw new Error(INSTALL_HINT);
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
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

/** Whether a server's error says its port was taken. */
export function portTaken(message: string): boolean {
  return /address already in use/i.test(message);
}

/**
 * Starts a server that must be told its port (it cannot listen on port 0 and say which it got):
 * on a free port, and on another one if that port was taken between the pick and the server's
 * bind, which any listener on the machine may do meanwhile (more often on a busy CI machine). Not
 * a retry of a failure: every other error is thrown as it is.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    const port = await freePort();
    try {
      return await start(port);
    } catch (e) {
      if (i >= attempts || !portTaken(e instanceof Error ? e.message : String(e))) throw e;
    }
  }
}

/** Runs a PostgreSQL tool, as the postgres user when we are root (initdb refuses root). */
async function pgTool(bin: string, tool: string, args: string[]): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  const cmd = asRoot ? "runuser" : join(bin, tool);
  const argv = asRoot ? ["-u", "postgres", "--", join(bin, tool), ...args] : args;
  // Generous: initdb and a start take seconds, but a loaded CI machine may need many times that.
  await run(cmd, argv, { timeout: 150_000 });
}

/** Starts a fresh PostgreSQL server; the caller stops it in teardown. */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = findPgBin();
  const dir = await mkdtemp(join(tmpdir(), "golive-pg-"));
  if (process.getuid?.() === 0) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, "data");
  await pgTool(bin, "initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const log = join(dir, "log");
  const optsFor = (port: number) => `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = async (opts: string) => {
    try {
      await pgTool(bin, "pg_ctl", ["-D", data, "-o", opts, "-l", log, "-w", "-t", "120", "start"]);
    } catch (e) {
      // pg_ctl says only "could not start server"; the server's log says why.
      const why = await readFile(log, "utf8").catch(() => "");
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n${why.slice(-2_000)}`);
    }
  };
  const port = await onFreePort(async (p) => (await start(optsFor(p)), p));
  const opts = optsFor(port);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async restart() {
      await pgTool(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      await start(opts);
    },
    async stop() {
      await pgTool(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
