import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
const DEFAULT_PORTS = { "http:": 80, "https:": 443, "postgres:": 5432, "postgresql:": 5432 };
/** The hosts and ports a check's (parsed) config points at: `url`, `host` + `port`, `resolver`. */
export function targetsOf(config) {
    if (config === null || typeof config !== "object")
        return [];
    const c = config;
    const out = [];
    if (typeof c.url === "string") {
        try {
            const u = new URL(c.url);
            const port = u.port ? Number(u.port) : DEFAULT_PORTS[u.protocol];
            if (port !== undefined && u.hostname)
                out.push({ host: u.hostname.replace(/^\[|\]$/g, ""), port });
        }
        catch {
            // The provider reports an invalid URL itself.
        }
    }
    if (typeof c.host === "string") {
        const port = Number(c.port ?? 443);
        if (Number.isInteger(port))
            out.push({ host: c.host, port });
    }
    if (typeof c.resolver === "string") {
        const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(c.resolver);
        if (m?.[1])
            out.push({ host: m[1], port: Number(m[2] ?? 53) });
    }
    return out;
}
function localAddresses() {
    const set = new Set(["0.0.0.0", "::"]);
    for (const list of Object.values(networkInterfaces()))
        for (const a of list ?? [])
            set.add(a.address);
    return set;
}
function isLocal(address, locals) {
    const a = address.toLowerCase().replace(/^::ffff:/, "");
    return a.startsWith("127.") || a === "::1" || a === "localhost" || locals.has(a);
}
/** A guard that refuses this host's addresses on the given ports (golive's own listen ports). */
export function selfGuard(ownPorts) {
    return async (host, port) => {
        if (!ownPorts().includes(port))
            return undefined;
        const locals = localAddresses();
        let addresses;
        if (isIP(host.replace(/^\[|\]$/g, "")) !== 0 || host === "localhost")
            addresses = [host.replace(/^\[|\]$/g, "")];
        else {
            try {
                addresses = (await lookup(host, { all: true })).map((a) => a.address);
            }
            catch {
                // Not resolvable now: the check's own connection fails on it.
                return undefined;
            }
        }
        if (addresses.some((a) => isLocal(a, locals)))
            return `refused: ${host}:${port} is this golive server itself (checks may not call golive's own API)`;
        return undefined;
    };
}
