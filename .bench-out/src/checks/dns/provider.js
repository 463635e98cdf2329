import { promises as dns } from "node:dns";
import { isIP } from "node:net";
import { ProbeError } from "../provider.js";
/** `1.2.3.4`, `1.2.3.4:5353`, `::1`, `[::1]:5353` -> the form Resolver.setServers takes. */
export function resolverAddress(text) {
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
    if (bracketed) {
        if (isIP(bracketed[1] ?? "") !== 6)
            throw new ProbeError(`resolver '${text}' is not an IP address`);
        return text;
    }
    if (isIP(text) !== 0)
        return text;
    const m = /^([^:]+):(\d+)$/.exec(text);
    if (m && isIP(m[1] ?? "") === 4)
        return text;
    throw new ProbeError(`resolver '${text}' must be an IP address, optionally with :port (e.g. 127.0.0.1:5353)`);
}
async function lookup(resolver, name, type) {
    switch (type) {
        case "A":
            return resolver.resolve4(name);
        case "AAAA":
            return resolver.resolve6(name);
        case "CNAME":
            return resolver.resolveCname(name);
        case "TXT":
            return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""));
        case "MX":
            return (await resolver.resolveMx(name)).sort((a, b) => a.priority - b.priority).map((r) => `${r.priority} ${r.exchange}`);
        case "NS":
            return resolver.resolveNs(name);
    }
}
function cause(e, name, type, server) {
    switch (e.code) {
        case "ENOTFOUND":
            return `DNS: ${name} does not exist (NXDOMAIN)`;
        case "ETIMEOUT":
            return `DNS: no answer from ${server}`;
        case "ESERVFAIL":
            return `DNS: server failure (SERVFAIL) for ${name} ${type}`;
        case "EREFUSED":
            return `DNS: ${server} refused the query for ${name}`;
        case "ECONNREFUSED":
            return `DNS: connection refused by ${server}`;
        case "EBADRESP":
            return `DNS: bad response from ${server}`;
        default:
            return `DNS: ${e.message}${e.code ? ` [${e.code}]` : ""}`;
    }
}
/** DNS lookup of one record type: `values` (sorted), first `value`, `count`, `latency`. */
export const dnsProvider = {
    kind: "dns",
    async probe(config, ctx) {
        // One try, timed out a little before the scheduler would: the cause then names the server.
        const resolver = new dns.Resolver({ timeout: Math.max(100, Math.floor(ctx.timeoutMs * 0.9)), tries: 1 });
        const server = config.resolver === undefined ? "the system resolver" : resolverAddress(config.resolver);
        if (config.resolver !== undefined)
            resolver.setServers([server]);
        const onAbort = () => resolver.cancel();
        ctx.signal.addEventListener("abort", onAbort, { once: true });
        const started = performance.now();
        try {
            const values = await lookup(resolver, config.name, config.type);
            const sorted = config.type === "MX" ? values : [...values].sort();
            return { values: sorted, value: sorted[0] ?? "", count: sorted.length, latency: performance.now() - started };
        }
        catch (e) {
            const err = e;
            // The name exists but has no record of this type: an observation, `count == 0`.
            if (err.code === "ENODATA")
                return { values: [], value: "", count: 0, latency: performance.now() - started };
            if (ctx.signal.aborted)
                throw e;
            throw new ProbeError(cause(err, config.name, config.type, server));
        }
        finally {
            ctx.signal.removeEventListener("abort", onAbort);
        }
    },
};
