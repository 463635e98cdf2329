import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { UploadRunbookBody, WithdrawApprovalBody } from "../../api/schemas.ts";
import { checkKinds } from "../../checks/kinds.ts";
import { MAX_RUNBOOK_BYTES, RUNBOOK_BODY_BYTES } from "../../api/limits.ts";
import { loadRunbookText, textTooLarge } from "../../format/load.ts";
import { MAX_YAML_DEPTH, nestsDeeper } from "../../format/yaml-bounded.ts";
import type { RunbookApproval, StoredRunbook } from "../../store/store.ts";
import { principalOf, type ServerContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { changeOf } from "./helpers.ts";

const HashParams = z.strictObject({ hash: z.string().regex(/^[0-9a-f]{64}$/) });

/** A runbook as the API shows it; `approved_by`/`approved_at` when an admin approved this text. */
function publicRunbook(rb: Omit<StoredRunbook, "source">, approval: RunbookApproval | undefined) {
  return {
    hash: rb.hash, runbook_id: rb.runbookId, title: rb.title, created_at: rb.createdAt, created_by: rb.createdBy,
    ...(approval ? { approved_by: approval.approvedBy, approved_at: approval.approvedAt } : {}),
  };
}

/**
 * Runbooks: uploaded as YAML, validated, stored by content hash (a new text is a new version).
 * Command checks run only in a runbook text an admin approved: an admin's upload approves it, an
 * editor's waits for `POST /api/runbooks/:hash/approve`; `POST /api/runbooks/:hash/withdraw`
 * takes an approval back.
 */
export function runbookRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.get("/api/runbooks", { config: { access: "read", actor: "any" }, schema: { tags: ["runbooks"] } }, async () =>
      Promise.all((await ctx.store.listRunbooks()).map(async (r) => publicRunbook(r, await ctx.store.getRunbookApproval(r.hash)))));

    app.post<{ Body: z.output<typeof UploadRunbookBody> }>("/api/runbooks", { config: { access: "write", actor: "any" }, bodyLimit: RUNBOOK_BODY_BYTES, schema: { tags: ["runbooks"], body: UploadRunbookBody } }, async (req, reply) => {
      // Data (an edited preview) is stored as the YAML a person would have written; data nested
      // past any runbook's needs is refused before it is written out (it would overflow the stack).
      if (req.body.runbook !== undefined && nestsDeeper(req.body.runbook)) {
        throw new ApiError("GOLIVE_E_VALIDATION", `runbook: nests deeper than ${MAX_YAML_DEPTH} levels (a runbook needs far fewer)`, { issues: [{ path: "runbook", message: `nests deeper than ${MAX_YAML_DEPTH} levels` }] });
      }
      // Loaded on use: the importer's module brings markdown-it, which an idle server does not need.
      const source = req.body.source ?? (await import("../../format/markdown/import.ts")).runbookText(req.body.runbook ?? {}, "yaml");
      const large = textTooLarge(source);
      if (large) throw new ApiError("GOLIVE_E_PAYLOAD_TOO_LARGE", large, { limit_bytes: MAX_RUNBOOK_BYTES });
      const r = loadRunbookText(source, req.body.file ?? "runbook.yaml", checkKinds, { checkPolicy: ctx.checkPolicy });
      if (!r.ok) throw new ApiError("GOLIVE_E_RUNBOOK_INVALID", undefined, { diagnostics: r.diagnostics });
      const meta = r.loaded.runbook.meta;
      const change = changeOf(ctx, req);
      const rb = await ctx.store.putRunbook({ source, runbookId: meta.id, title: meta.title }, change);
      let approval = await ctx.store.getRunbookApproval(rb.hash);
      // An admin's upload, signed in, is the admin's approval of the commands in it (recorded as
      // one), unless an admin withdrew this text's approval: re-sending the text (a pipeline's
      // upload) does not undo that; only an explicit approval does. An upload through an API token
      // (an admin's too: a pipeline's, or a leaked one) approves nothing: approving is a person's act.
      const p = principalOf(req);
      if (!approval && p.role === "admin" && p.via === "session" && r.loaded.runbook.checks.some((c) => c.kind === "command") && !(await ctx.store.getRunbookWithdrawal(rb.hash))) {
        approval = (await ctx.store.approveRunbook(rb.hash, change)).approval;
        ctx.runs.invalidateAll();
      }
      return reply.status(201).send(publicRunbook(rb, approval));
    });

    app.get<{ Params: z.output<typeof HashParams> }>("/api/runbooks/:hash", { config: { access: "read", actor: "any" }, schema: { tags: ["runbooks"], params: HashParams } }, async (req) => {
      const rb = await ctx.store.getRunbook(req.params.hash);
      if (!rb) throw new ApiError("GOLIVE_E_NOT_FOUND", "no such runbook");
      const loaded = await ctx.runs.loaded(rb.hash);
      return { ...publicRunbook(rb, await ctx.store.getRunbookApproval(rb.hash)), source: rb.source, runbook: loaded.runbook };
    });

    app.post<{ Params: z.output<typeof HashParams> }>("/api/runbooks/:hash/approve", { config: { access: "admin", actor: "person" }, schema: { tags: ["runbooks"], params: HashParams } }, async (req) => {
      // An audited decision about this exact text: an edited runbook is another hash, unapproved.
      const { approval, created } = await ctx.store.approveRunbook(req.params.hash, changeOf(ctx, req));
      ctx.runs.invalidateAll();
      await ctx.feed.poll();
      return { hash: approval.runbookHash, approved_by: approval.approvedBy, approved_at: approval.approvedAt, created };
    });

    app.post<{ Params: z.output<typeof HashParams>; Body: z.output<typeof WithdrawApprovalBody> }>("/api/runbooks/:hash/withdraw", { config: { access: "admin", actor: "person" }, schema: { tags: ["runbooks"], params: HashParams, body: WithdrawApprovalBody } }, async (req) => {
      // After an incident review: this text's command checks are held again on every instance
      // (they hear the audit event on the change feed) until an admin approves it once more.
      const w = await ctx.store.withdrawRunbookApproval(req.params.hash, req.body.reason, changeOf(ctx, req));
      if (!w) throw new ApiError("GOLIVE_E_NOT_APPROVED", "this runbook text has no approval to withdraw");
      ctx.runs.approvalWithdrawn(w.runbookHash);
      await ctx.feed.poll();
      return { hash: w.runbookHash, withdrawn_by: w.withdrawnBy, withdrawn_at: w.withdrawnAt, reason: w.reason, approved_by: w.approvedBy, approved_at: w.approvedAt };
    });
    done();
  };
}
