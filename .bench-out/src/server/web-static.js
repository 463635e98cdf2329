import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { ApiError } from "./errors.js";
// The dashboard's built files (web/dist), served by the API server itself: one origin, so the
// session cookie, the CSRF header and the strict CSP (`default-src 'self'`) all just work.
// The build holds no inline script or style (vite.config.ts, web/src/main.tsx), so the CSP
// needs no nonce or hash.
const TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".woff2": "font/woff2",
    ".map": "application/json; charset=utf-8",
};
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".svg", ".json", ".txt", ".map"]);
/** Where `npm run build:web` writes the dashboard. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../../web/dist/", import.meta.url));
function walk(dir) {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}
/** Reads the build into memory, each text file also gzipped once: it is small and immutable. */
export function loadWebFiles(root) {
    if (!existsSync(join(root, "index.html")))
        return null;
    const files = new Map();
    for (const abs of walk(root)) {
        const rel = `/${relative(root, abs).split(sep).join("/")}`;
        const ext = extname(abs).toLowerCase();
        const body = readFileSync(abs);
        // Vite names assets by content hash: they never change, so they may be cached for good.
        const cache = rel === "/index.html" ? "no-cache" : rel.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "public, max-age=3600";
        const file = { body, type: TYPES[ext] ?? "application/octet-stream", cache };
        if (COMPRESSIBLE.has(ext) && statSync(abs).size > 1024)
            file.gzip = gzipSync(body, { level: 9 });
        files.set(rel, file);
    }
    return files;
}
function acceptsGzip(req) {
    const v = req.headers["accept-encoding"];
    return typeof v === "string" && /\bgzip\b/.test(v);
}
function send(req, reply, f) {
    reply.header("content-type", f.type).header("cache-control", f.cache);
    if (f.gzip) {
        reply.header("vary", "accept-encoding");
        if (acceptsGzip(req))
            return reply.header("content-encoding", "gzip").send(f.gzip);
    }
    return reply.send(f.body);
}
const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>golive</title></head><body><h1>golive</h1><p>The dashboard is not built. Run <code>npm run build:web</code> and restart <code>golive serve</code>. The API is at <a href="/docs">/docs</a>.</p></body></html>`;
/**
 * Serves the dashboard: its files, and index.html for every other non-API path (the dashboard
 * routes in the browser). API paths keep their JSON 404; a missing asset is a 404, not HTML.
 */
export function webStaticRoutes(opts = {}) {
    return (app, _opts, done) => {
        const files = loadWebFiles(opts.root ?? DEFAULT_WEB_ROOT);
        app.get("/*", { config: { access: "public" }, schema: { hide: true } }, (req, reply) => {
            const path = `/${req.params["*"]}`;
            if (path.startsWith("/api/") || path === "/api")
                throw new ApiError("GOLIVE_E_ROUTE_NOT_FOUND", `no route GET ${path}`);
            if (!files)
                return reply.status(503).type("text/html; charset=utf-8").header("cache-control", "no-store").send(NOT_BUILT);
            const file = files.get(path);
            if (file && path !== "/index.html")
                return send(req, reply, file);
            const last = path.slice(path.lastIndexOf("/") + 1);
            if (last.includes(".") && path !== "/index.html")
                throw new ApiError("GOLIVE_E_ROUTE_NOT_FOUND", `no file ${path}`);
            const index = files.get("/index.html");
            if (!index)
                throw new ApiError("GOLIVE_E_ROUTE_NOT_FOUND");
            return send(req, reply, index);
        });
        done();
    };
}
