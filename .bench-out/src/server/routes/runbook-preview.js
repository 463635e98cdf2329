import { PreviewRunbookBody } from "../../api/schemas.js";
import { checkKinds } from "../../checks/kinds.js";
import { MAX_RUNBOOK_BYTES, RUNBOOK_BODY_BYTES } from "../../api/limits.js";
import { loadRunbookText, textTooLarge } from "../../format/load.js";
import { readYamlData } from "../../format/yaml-bounded.js";
import { ApiError } from "../errors.js";
/** Which reader a text needs: the caller's word, then the file name, then the text itself. */
export function previewFormat(b) {
    if (b.format)
        return b.format;
    const ext = /\.([a-z]+)$/i.exec(b.file ?? "")?.[1]?.toLowerCase();
    if (ext === "md" || ext === "markdown" || ext === "txt")
        return "markdown";
    if (ext === "yaml" || ext === "yml" || ext === "json")
        return "yaml";
    // A runbook says `golive: 1` at its top level; a document does not start a line that way.
    return /^golive\s*:/m.test(b.source) || /^\s*\{\s*"golive"\s*:/.test(b.source) ? "yaml" : "markdown";
}
/** Turns a document or a runbook text into a preview (never stores, never throws on the text). */
export async function previewRunbook(b) {
    const format = previewFormat(b);
    if (format === "markdown") {
        // The importer (markdown-it and its tables) loads on the first import, not in every idle server.
        const { importMarkdown, runbookText } = await import("../../format/markdown/import.js");
        const file = b.file ?? "document.md";
        const r = importMarkdown(b.source, checkKinds);
        const yamlFile = file.replace(/\.[a-z]+$/i, "") + ".yaml";
        const loaded = r.recognised ? loadRunbookText(runbookText(r.runbook, "yaml"), yamlFile, checkKinds) : undefined;
        return {
            format,
            runbook: r.recognised ? r.runbook : null,
            report: r.report,
            recognised: r.recognised,
            valid: loaded?.ok ?? false,
            diagnostics: loaded && !loaded.ok ? loaded.diagnostics : [],
            ...(r.recognised ? {} : { error: r.error ?? `nothing in ${file} was recognised as part of a runbook` }),
        };
    }
    const file = b.file ?? "runbook.yaml";
    const loaded = loadRunbookText(b.source, file, checkKinds);
    // Not YAML, too deep, an alias bomb: no data; the diagnostics say where and why.
    const data = readYamlData(b.source);
    const runbook = data && typeof data === "object" && !Array.isArray(data) ? data : null;
    return { format, runbook, report: null, recognised: runbook !== null, valid: loaded.ok, diagnostics: loaded.ok ? [] : loaded.diagnostics };
}
/** POST /api/runbooks/preview: what saving this text would store, without storing it. */
export function runbookPreviewRoutes() {
    return (app, _opts, done) => {
        app.post("/api/runbooks/preview", { config: { access: "write" }, bodyLimit: RUNBOOK_BODY_BYTES, schema: { tags: ["runbooks"], body: PreviewRunbookBody } }, async (req, reply) => {
            const large = textTooLarge(req.body.source);
            if (large)
                throw new ApiError("GOLIVE_E_PAYLOAD_TOO_LARGE", large, { limit_bytes: MAX_RUNBOOK_BYTES });
            return reply.send(await previewRunbook(req.body));
        });
        done();
    };
}
