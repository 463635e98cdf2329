import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";

// A check aimed at golive itself could sign in with what it finds and act as someone else (or
// read what only a session may): the server refuses checks whose target is its own listen port on
// one of this host's addresses. The name is resolved here; the check resolves it again when it
// connects, so a name that changes its answer in between (DNS rebinding) is not caught: results
// never keep session material either (auth-material.ts), which is the second wall.

/** Says why a target is refused, or undefined when it may be probed. */
export type TargetGuard = (host: string, port: number) => Promise<string | undefined>;

const DEFAULT_PORTS: Record<string, number> = { "http:": 80, "https:": 443, "postgres:": 5432, "postgresql:": 5432 };

/** The hosts and ports a check's (parsed) config points at: `url`, `host` + `port`, `resolver`. */
export function targetsOf(config: unknown): { host: string; port: number }[] {
  if (config === null || typeof config !== "object") return [];
  const c = config as Record<string, unknown>;
  const out: { host: string; port: number }[] = [];
  if (typeof c.url === "string") {
    try {
      const u = new URL(c.url);
      const port = u.port ? Number(u.port) : DEFAULT_PORTS[u.protocol];
      if (port !== undefined && u.hostname) out.push({ host: u.hostname.replace(/^\[|\]$/g, ""), port });
    } catch {
      // The provider reports an invalid URL itself.
    }
  }
  if (typeof c.host === "string") {
    const port = Number(c.port ?? 443);
    if (Number.isInteger(port)) out.push({ host: c.host, port });
  }
  if (typeof c.resolver === "string") {
    const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(c.resolver);
    if (m?.[1]) out.push({ host: m[1], port: Number(m[2] ?? 53) });
  }
  return out;
}

function localAddresses(): Set<string> {
  const set = new Set<string>(["0.0.0.0", "::"]);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) set.add(a.address);
  return set;
}

function isLocal(address: string, locals: Set<string>): boolean {
  const a = address.toLowerCase().replace(/^::ffff:/, "");
  return a.startsWith("127.") || a === "::1" || a === "localhost" || locals.has(a);
}

/** A guard that refuses this host's addresses on the given ports (golive's own listen ports). */
export function selfGuard(ownPorts: () => readonly number[]): TargetGuard {
  return async (host, port) => {
    if (!ownPorts().includes(port)) return undefined;
    const locals = localAddresses();
    let addresses: string[];
    if (isIP(host.replace(/^\[|\]$/g, "")) !== 0 || host === "localhost") addresses = [host.replace(/^\[|\]$/g, "")];
    else {
      try {
        addresses = (await lookup(host, { all: true })).map((a) => a.address);
      } catch {
        // Not resolvable now: the check's own connection fails on it.
        return undefined;
      }
    }
    if (addresses.some((a) => isLocal(a, locals))) return `refused: ${host}:${port} is this golive server itself (checks may not call golive's own API)`;
    return undefined;
  };
}
