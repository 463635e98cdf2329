import { rootCertificates } from "node:tls";
import { Agent, request } from "../http-client.js";
import { describeNetError, isTlsError } from "../net-errors.js";
import { ProbeError } from "../provider.js";
import { readCaFile } from "../ca-file.js";
/** Redirects followed at most when `redirects: true`. */
export const MAX_REDIRECTS = 5;
// One keep-alive pool per trust setting for the whole process: checks of one run share
// connections (that is most of the speed), and an insecure pool never serves a verified request.
const agents = new Map();
const plainAgent = new Agent({ keepAliveTimeout: 4_000 });
async function agentFor(config, ctx) {
    // The file root is part of the key: a pool made for one root never serves a check of another.
    const key = `${config.insecure ? "insecure" : "verified"}|${config.ca ?? ""}|${String(ctx.files)}`;
    let agent = agents.get(key);
    if (!agent) {
        let ca;
        if (config.ca !== undefined) {
            ca = await readCaFile(config.ca, ctx.files);
        }
        const connect = { ...(config.insecure ? { rejectUnauthorized: false } : {}), ...(ca === undefined ? {} : { ca: [...rootCertificates, ca] }) };
        agent = new Agent({ connect, keepAliveTimeout: 4_000 });
        agents.set(key, agent);
    }
    return agent;
}
const UNITS = { B: 1, KB: 1_000, MB: 1_000_000, KiB: 1_024, MiB: 1_048_576 };
const sizes = new Map();
/** Bytes in a size text such as `1MiB` or `500KB`. */
export function parseSize(text) {
    let n = sizes.get(text);
    if (n === undefined) {
        const m = /^(\d+)(B|KB|MB|KiB|MiB)$/.exec(text);
        if (!m)
            throw new ProbeError(`invalid size '${text}'`);
        n = Number(m[1]) * (UNITS[m[2] ?? "B"] ?? 1);
        sizes.set(text, n);
    }
    return n;
}
// The request headers when the check sets none: shared by every such check, never mutated
// (undici only reads them; a check with headers or a JSON body gets its own object).
const DEFAULT_HEADERS = Object.freeze({ "user-agent": "golive-check" });
function isEmpty(record) {
    for (const key in record)
        if (Object.hasOwn(record, key))
            return false;
    return true;
}
function hasHeader(headers, lower) {
    for (const name in headers)
        if (name.toLowerCase() === lower)
            return true;
    return false;
}
/** The headers to send: the check's, plus a user agent (and a JSON content type) unless it set them. */
function requestHeaders(config) {
    const json = config.body !== undefined && typeof config.body !== "string";
    if (!json && isEmpty(config.headers))
        return DEFAULT_HEADERS;
    const headers = { ...config.headers };
    if (!hasHeader(headers, "user-agent"))
        headers["user-agent"] = "golive-check";
    if (json && !hasHeader(headers, "content-type"))
        headers["content-type"] = "application/json";
    return headers;
}
function requestBody(config) {
    if (config.body === undefined)
        return undefined;
    if (typeof config.body === "string")
        return config.body;
    return JSON.stringify(config.body);
}
function contentLength(headers) {
    const text = headers["content-length"];
    return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}
/** Header name -> value; undici already lower-cases names, so only repeated headers need work. */
function headerMap(raw) {
    for (const k in raw) {
        if (typeof raw[k] !== "string") {
            const out = {};
            for (const [name, v] of Object.entries(raw))
                if (v !== undefined)
                    out[name] = Array.isArray(v) ? v.join(", ") : v;
            return out;
        }
    }
    return raw;
}
/** Drops a body without reading it; the abort error undici then emits is expected, not a crash. */
function discard(body) {
    body.on("error", () => undefined);
    body.destroy();
}
/** Reads at most `cap` bytes of a body, stopping the stream there: a 1 GB body is never buffered. */
async function readCapped(body, cap) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        const room = cap - size;
        if (chunk.length > room) {
            if (room > 0)
                chunks.push(chunk.subarray(0, room));
            size += room;
            // Destroying the stream closes its socket: nothing more is downloaded.
            discard(body);
            return { bytes: Buffer.concat(chunks, size), truncated: true };
        }
        chunks.push(chunk);
        size += chunk.length;
    }
    return { bytes: Buffer.concat(chunks, size), truncated: false };
}
function formatBytes(n) {
    if (n >= 1_048_576 && n % 1_048_576 === 0)
        return `${n / 1_048_576}MiB`;
    if (n >= 1_024 && n % 1_024 === 0)
        return `${n / 1_024}KiB`;
    return `${n}B`;
}
// A plain function, not an async wrapper around request(): every await level costs a check a
// promise, its reactions and a frame, and this runs once per check.
function send(url, method, headers, body, dispatcher, ctx) {
    return request(url, { method, headers, body, signal: ctx.signal, dispatcher });
}
function requestError(e, url, config, ctx) {
    if (ctx.signal.aborted)
        return e;
    const cause = describeNetError(e, url.host);
    return new ProbeError(isTlsError(e) && !config.insecure ? `${cause} (set insecure: true to accept it)` : cause);
}
/** HTTP(S) request: status, latency, lower-case headers, JSON body, body text, size. */
export const httpProvider = {
    kind: "http",
    async probe(config, ctx) {
        let url;
        try {
            url = new URL(config.url);
        }
        catch {
            throw new ProbeError(`invalid URL '${config.url}'`);
        }
        if (url.protocol !== "http:" && url.protocol !== "https:")
            throw new ProbeError(`unsupported URL scheme '${url.protocol}' (http or https)`);
        const headers = requestHeaders(config);
        let method = config.method;
        let body = requestBody(config);
        const cap = parseSize(config.max_body);
        // Most checks use the default trust: no await, no lookup on that path.
        const dispatcher = !config.insecure && config.ca === undefined ? plainAgent : await agentFor(config, ctx);
        const started = performance.now();
        const visited = [url.href];
        let res;
        try {
            res = await send(url, method, headers, body, dispatcher, ctx);
        }
        catch (e) {
            throw requestError(e, url, config, ctx);
        }
        while (config.redirects && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location !== undefined) {
            discard(res.body);
            const location = Array.isArray(res.headers.location) ? res.headers.location[0] : res.headers.location;
            const next = new URL(location ?? "", url);
            if (visited.includes(next.href))
                throw new ProbeError(`redirect loop: ${[...visited, next.href].join(" -> ")}`);
            if (visited.length > MAX_REDIRECTS)
                throw new ProbeError(`too many redirects (more than ${MAX_REDIRECTS}), last to ${next.href}`);
            visited.push(next.href);
            if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === "POST")) {
                method = "GET";
                body = undefined;
            }
            url = next;
            const refused = await ctx.guard?.(url.hostname.replace(/^\[|\]$/g, ""), url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80);
            if (refused !== undefined)
                throw new ProbeError(`redirect to ${url.href} ${refused}`);
            try {
                res = await send(url, method, headers, body, dispatcher, ctx);
            }
            catch (e) {
                throw requestError(e, url, config, ctx);
            }
        }
        const responseHeaders = headerMap(res.headers);
        let text = "";
        let size = 0;
        let truncated = false;
        try {
            if (method !== "HEAD") {
                const length = contentLength(responseHeaders);
                // A declared length within the cap is exactly what the parser delivers (it enforces it):
                // decoded in one go, without a copy of our own.
                if (length !== undefined && length <= cap) {
                    text = await res.body.text();
                    size = length;
                }
                else {
                    const read = await readCapped(res.body, cap);
                    // Without its byte-order mark, as undici's text() decodes a body of declared length.
                    text = read.bytes.toString("utf8");
                    if (text.charCodeAt(0) === 0xfeff)
                        text = text.slice(1);
                    size = read.bytes.length;
                    truncated = read.truncated;
                }
            }
        }
        catch (e) {
            if (ctx.signal.aborted)
                throw e;
            throw new ProbeError(`reading the body: ${describeNetError(e, url.host)}`);
        }
        const latency = performance.now() - started;
        const values = {
            status: res.statusCode,
            latency,
            headers: responseHeaders,
            text,
            size,
            truncated,
            url: url.href,
            redirects: visited.length - 1,
        };
        const wantsBody = ctx.uses?.has("body") ?? false;
        // Without knowing what is read, a body that looks like JSON is parsed (for `values` in results).
        if (wantsBody || (ctx.uses === undefined && (/json/i.test(responseHeaders["content-type"] ?? "") || /^\s*[[{"]/.test(text)))) {
            if (truncated) {
                if (wantsBody)
                    throw new ProbeError(`response body larger than max_body (${formatBytes(cap)}): not parsed as JSON (status ${res.statusCode})`);
            }
            else {
                try {
                    values.body = text.length === 0 ? null : JSON.parse(text);
                }
                catch (e) {
                    const type = responseHeaders["content-type"] ?? "no content-type";
                    if (wantsBody)
                        throw new ProbeError(`response body is not valid JSON: ${e.message} (status ${res.statusCode}, ${type}, ${size} bytes)`);
                }
            }
        }
        return values;
    },
};
