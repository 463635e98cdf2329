import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import { PreviewRunbookBody } from "../../api/schemas.ts";
import { checkKinds } from "../../checks/kinds.ts";
import { MAX_RUNBOOK_BYTES, RUNBOOK_BODY_BYTES } from "../../api/limits.ts";
import { loadRunbookText, textTooLarge, type Diagnostic } from "../../format/load.ts";
import type { ImportReport } from "../../format/markdown/import.ts";
import { readYamlData } from "../../format/yaml-bounded.ts";
import { ApiError } from "../errors.ts";

/** What POST /api/runbooks/preview answers: nothing is stored. */
export interface RunbookPreview {
  format: "markdown" | "yaml";
  /** The runbook as data (what the import made, or the YAML as written): edit it, then save it. */
  runbook: Record<string, unknown> | null;
  /** Markdown only: what became what, and every block not placed with its line. */
  report: ImportReport | null;
  /** Whether anything was recognised (a Markdown document with no tasks, gates or steps: false). */
  recognised: boolean;
  /** Whether the runbook validates as it is; if not, `diagnostics` says where and why. */
  valid: boolean;
  diagnostics: Diagnostic[];
  /** Why no runbook could be made, when none could. */
  error?: string;
}

/** Which reader a text needs: the caller's word, then the file name, then the text itself. */
export function previewFormat(b: { source: string; file?: string | undefined; format?: "markdown" | "yaml" | undefined }): "markdown" | "yaml" {
  if (b.format) return b.format;
  const ext = /\.([a-z]+)$/i.exec(b.file ?? "")?.[1]?.toLowerCase();
  if (ext === "md" || ext === "markdown" || ext === "txt") return "markdown";
  if (ext === "yaml" || ext === "yml" || ext === "json") return "yaml";
  // A runbook says `golive: 1` at its top level; a document does not start a line that way.
  return /^golive\s*:/m.test(b.source) || /^\s*\{\s*"golive"\s*:/.test(b.source) ? "yaml" : "markdown";
}

/** Turns a document or a runbook text into a preview (never stores, never throws on the text). */
export async function previewRunbook(b: z.output<typeof PreviewRunbookBody>): Promise<RunbookPreview> {
  const format = previewFormat(b);
  if (format === "markdown") {
    // The importer (markdown-it and its tables) loads on the first import, not in every idle server.
    const { importMarkdown, runbookText } = await import("../../format/markdown/import.ts");
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
  const runbook = data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  return { format, runbook, report: null, recognised: runbook !== null, valid: loaded.ok, diagnostics: loaded.ok ? [] : loaded.diagnostics };
}

/** POST /api/runbooks/preview: what saving this text would store, without storing it. */
export function runbookPreviewRoutes() {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.post<{ Body: z.output<typeof PreviewRunbookBody> }>(
      "/api/runbooks/preview",
      { config: { access: "write", actor: "any" }, bodyLimit: RUNBOOK_BODY_BYTES, schema: { tags: ["runbooks"], body: PreviewRunbookBody } },
      async (req, reply) => {
        const large = textTooLarge(req.body.source);
        if (large) throw new ApiError("GOLIVE_E_PAYLOAD_TOO_LARGE", large, { limit_bytes: MAX_RUNBOOK_BYTES });
        return reply.send(await previewRunbook(req.body));
      },
    );
    done();
  };
}
