import { expandRunbook, pathText } from "../core/model/expand.js";
import { Runbook } from "../core/model/runbook.js";
import { validateRunbook } from "../core/model/validate.js";
import { MAX_RUNBOOK_BYTES, sizeText } from "../api/limits.js";
import { formatDiagnostic, parseLocated, readSource } from "./located.js";
export { formatDiagnostic, pathText };
/** Reads, parses and validates a runbook file; every problem is reported at once. */
export async function loadRunbookFile(file, kinds, opts = {}) {
    const source = await readSource(file);
    return source.ok ? loadRunbookText(source.text, file, kinds, opts) : source;
}
/** Why a runbook text (or a document to import) is too large to read, or undefined when it is not. */
export function textTooLarge(text) {
    // At most 4 bytes per UTF-16 unit: short texts need no count.
    if (text.length * 3 <= MAX_RUNBOOK_BYTES)
        return undefined;
    const bytes = Buffer.byteLength(text, "utf8");
    return bytes > MAX_RUNBOOK_BYTES ? `the text is ${bytes} bytes; a runbook or document may have at most ${sizeText(MAX_RUNBOOK_BYTES)}` : undefined;
}
/** Parses and validates runbook YAML text; `file` names it in diagnostics. */
export function loadRunbookText(text, file, kinds, opts = {}) {
    const large = textTooLarge(text);
    if (large)
        return { ok: false, diagnostics: [{ file, line: 1, col: 1, path: "", message: large }] };
    const parsed = parseLocated(text, file, Runbook, "docs/runbook-format.md");
    if (!parsed.ok)
        return parsed;
    const expanded = expandRunbook(parsed.data);
    const { problems, loaded } = validateRunbook(expanded, kinds);
    for (const p of problems)
        parsed.at(p.path, p.message, p.offset === undefined ? {} : { offset: p.offset });
    if (opts.checkPolicy) {
        expanded.runbook.checks.forEach((check, i) => {
            const at = expanded.origins.get(check) ?? ["checks", i];
            for (const p of opts.checkPolicy?.(check) ?? [])
                parsed.at([...at, "config", ...p.path], p.message);
        });
        // Notification routes read secrets under the same allowlist as checks (a route names no files).
        expanded.runbook.notify?.routes.forEach((route, i) => {
            for (const p of opts.checkPolicy?.({ kind: "notify", config: route }) ?? [])
                parsed.at(["notify", "routes", i, ...p.path], p.message);
        });
    }
    const diagnostics = parsed.done();
    return diagnostics.length ? { ok: false, diagnostics } : { ok: true, loaded };
}
