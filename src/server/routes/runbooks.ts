import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { UploadRunbookBody } from "../../api/schemas.ts";
import { checkKinds } from "../../checks/kinds.ts";
import { loadRunbookText } from "../../format/load.ts";
import type { ServerContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { changeOf } from "./helpers.ts";

const HashParams = z.strictObject({ hash: z.string().regex(/^[0-9a-f]{64}$/) });

/** Runbooks: uploaded as YAML, validated, stored by content hash (a new text is a new version). */
export function runbookRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.get("/api/runbooks", { config: { access: "read" }, schema: { tags: ["runbooks"] } }, async () =>
      (await ctx.store.listRunbooks()).map((r) => ({ hash: r.hash, runbook_id: r.runbookId, title: r.title, created_at: r.createdAt, created_by: r.createdBy })));

    app.post<{ Body: z.output<typeof UploadRunbookBody> }>("/api/runbooks", { config: { access: "write" }, schema: { tags: ["runbooks"], body: UploadRunbookBody } }, async (req, reply) => {
      // Data (an edited preview) is stored as the YAML a person would have written.
      // Loaded on use: the importer's module brings markdown-it, which an idle server does not need.
      const source = req.body.source ?? (await import("../../format/markdown/import.ts")).runbookText(req.body.runbook ?? {}, "yaml");
      const r = loadRunbookText(source, req.body.file ?? "runbook.yaml", checkKinds, { checkPolicy: ctx.checkPolicy });
      if (!r.ok) throw new ApiError("GOLIVE_E_RUNBOOK_INVALID", undefined, { diagnostics: r.diagnostics });
      const meta = r.loaded.runbook.meta;
      const rb = await ctx.store.putRunbook({ source, runbookId: meta.id, title: meta.title }, changeOf(ctx, req));
      return reply.status(201).send({ hash: rb.hash, runbook_id: rb.runbookId, title: rb.title, created_at: rb.createdAt, created_by: rb.createdBy });
    });

    app.get<{ Params: z.output<typeof HashParams> }>("/api/runbooks/:hash", { config: { access: "read" }, schema: { tags: ["runbooks"], params: HashParams } }, async (req) => {
      const rb = await ctx.store.getRunbook(req.params.hash);
      if (!rb) throw new ApiError("GOLIVE_E_NOT_FOUND", "no such runbook");
      const loaded = await ctx.runs.loaded(rb.hash);
      return { hash: rb.hash, runbook_id: rb.runbookId, title: rb.title, created_at: rb.createdAt, created_by: rb.createdBy, source: rb.source, runbook: loaded.runbook };
    });
    done();
  };
}
