const esc = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** The HTML of /docs for an OpenAPI document. */
export function docsPage(doc) {
    const rows = [];
    for (const [path, ops] of Object.entries(doc.paths ?? {})) {
        for (const [method, op] of Object.entries(ops)) {
            rows.push(`<tr><td><code>${esc(method.toUpperCase())}</code></td><td><code>${esc(path)}</code></td><td>${esc((op.tags ?? []).join(", "))}</td><td>${esc(op.summary ?? op.description ?? "")}</td></tr>`);
        }
    }
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info?.title ?? "API")}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3rem .8rem;text-align:left}code{font-size:13px}</style></head>
<body><h1>${esc(doc.info?.title ?? "API")} ${esc(doc.info?.version ?? "")}</h1>
<p>The machine-readable description is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3). Errors have one shape: <code>{"error":{"code":"GOLIVE_E_…","message":"…","details":…}}</code>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Resource</th><th>About</th></tr></thead><tbody>${rows.join("")}</tbody></table></body></html>`;
}
/** /openapi.json and /docs. */
export function docsRoutes() {
    return (app, _opts, done) => {
        app.get("/openapi.json", { config: { access: "public" }, schema: { hide: true } }, () => app.swagger());
        app.get("/docs", { config: { access: "public" }, schema: { hide: true } }, async (_req, reply) => reply.type("text/html; charset=utf-8").send(docsPage(app.swagger())));
        done();
    };
}
