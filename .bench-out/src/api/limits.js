// Size limits of the API, in one place: the server enforces them, the dashboard checks a file
// before sending it, docs/operations.md lists them. Constants only (the dashboard imports this).
/** Every JSON request body, unless its route says otherwise. */
export const MAX_BODY_BYTES = 1_048_576;
/** A runbook's YAML text or a Markdown document, as UTF-8: uploads, previews, `golive validate`. */
export const MAX_RUNBOOK_BYTES = 1_048_576;
/**
 * The body that carries a runbook text (POST /api/runbooks, /api/runbooks/preview): JSON escapes
 * (`\n`, `\"`) make it longer than the text, so it may be twice the text's limit; the text's own
 * limit is then checked and named.
 */
export const RUNBOOK_BODY_BYTES = 2 * MAX_RUNBOOK_BYTES + 65_536;
/** `1 MiB (1048576 bytes)`: a limit as people and programs read it. */
export function sizeText(bytes) {
    const mib = bytes / 1_048_576;
    const kib = bytes / 1024;
    const human = Number.isInteger(mib) ? `${mib} MiB` : Number.isInteger(kib) ? `${kib} KiB` : `${(mib).toFixed(2)} MiB`;
    return `${human} (${bytes} bytes)`;
}
