import type { FastifyInstance } from "fastify";
import { createHash } from "node:crypto";
import type { z } from "zod";
import { MAX_FILE_BYTES, SetItemBody, UploadFileBody } from "../../api/schemas.ts";
import { reason } from "../../core/engine/index.ts";
import { allItems } from "../../core/model/expand.ts";
import type { ItemFact } from "../../core/model/facts.ts";
import { membersNow } from "../assignments.ts";
import { requirePerson } from "../auth/access.ts";
import { principalOf, type ServerContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { changeOf, RunRefParams } from "./helpers.ts";
import { z as zod } from "zod";

const ItemParams = RunRefParams("item");
const FileParams = zod.strictObject({ sha256: zod.string().regex(/^[0-9a-f]{64}$/) });

/** Items (tick with evidence, always at the version read) and evidence files. */
export function itemRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.put<{ Params: { id: string; item: string }; Body: z.output<typeof SetItemBody> }>("/api/runs/:id/items/:item", { config: { access: "write", actor: "any" }, schema: { tags: ["items"], params: ItemParams, body: SetItemBody } }, async (req) => {
      const { id, item } = req.params;
      const run = await ctx.runs.context(id);
      const def = allItems(run.loaded.runbook).find((i) => i.id === item);
      if (!def) throw new ApiError("GOLIVE_E_UNKNOWN_REFERENCE", `the runbook has no item '${item}'`);
      if (def.check !== undefined) throw new ApiError("GOLIVE_E_REFUSED", `item '${item}' follows check '${def.check}': run the check instead`, { reasons: [reason("item.automated", { item, check: def.check })] });
      if (req.body.state === "done" && def.evidence === "required" && req.body.evidence.length === 0) {
        throw new ApiError("GOLIVE_E_REFUSED", `item '${item}' needs evidence to be done`, { reasons: [reason("item.evidence_required", { item })] });
      }
      for (const e of req.body.evidence) {
        if (e.kind !== "file") continue;
        if (!e.sha256 || !(await ctx.store.getFile(e.sha256))) throw new ApiError("GOLIVE_E_VALIDATION", `evidence file '${e.value}' was not uploaded (POST /api/files first)`);
      }
      // An item owned by a role is set by a member of that role; an admin may, and it says so.
      let override = false;
      if (def.owner !== undefined) {
        const who = principalOf(req);
        const owners = membersNow(run.loaded.runbook, run.facts, def.owner);
        if (!owners.includes(who.user)) {
          if (who.role !== "admin") throw new ApiError("GOLIVE_E_NOT_OWNER", `${who.user} is not in the owner role of item '${item}' (${[def.owner].flat().join(", ")}: ${owners.join(", ") || "nobody"})`, { owner: def.owner, members: owners });
          // An admin setting another role's item overrides that role: a person's act, not a pipeline's.
          await requirePerson(ctx, req, who, `Setting item '${item}' of another role (an admin's override)`);
          override = true;
        }
      }
      const change = changeOf(ctx, req);
      const fact: ItemFact = { item, state: req.body.state, by: change.actor, at: change.at, evidence: req.body.evidence };
      if (override) fact.override = true;
      if (req.body.note !== undefined) fact.note = req.body.note;
      const r = await ctx.runs.append(id, { kind: "item", data: fact }, { ...change, expectedVersion: req.body.version, action: "item.set", subject: `item:${item}` });
      ctx.runs.invalidate(id, r.version);
      await ctx.feed.poll();
      return { version: r.version, seq: r.event.seq, item: fact };
    });

    app.post<{ Body: z.output<typeof UploadFileBody> }>("/api/files", { config: { access: "write", actor: "any" }, bodyLimit: Math.ceil(MAX_FILE_BYTES * 1.4) + 4096, schema: { tags: ["items"], body: UploadFileBody } }, async (req, reply) => {
      const bytes = Buffer.from(req.body.content_base64, "base64");
      if (bytes.length > MAX_FILE_BYTES) throw new ApiError("GOLIVE_E_PAYLOAD_TOO_LARGE", `a file may have at most ${MAX_FILE_BYTES} bytes`);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      await ctx.store.putFile({ sha256, name: req.body.name, mediaType: req.body.media_type, size: bytes.length, bytes });
      return reply.status(201).send({ kind: "file", value: req.body.name, sha256, size: bytes.length });
    });

    app.get<{ Params: z.output<typeof FileParams> }>("/api/files/:sha256", { config: { access: "read", actor: "any" }, schema: { tags: ["items"], params: FileParams } }, async (req, reply) => {
      const f = await ctx.store.getFile(req.params.sha256);
      if (!f) throw new ApiError("GOLIVE_E_NOT_FOUND", "no such file");
      // Served as a download, never rendered in our origin.
      return reply
        .header("content-type", "application/octet-stream")
        .header("content-disposition", `attachment; filename="${f.name.replace(/[^A-Za-z0-9._-]/g, "_")}"`)
        .send(f.bytes);
    });
    done();
  };
}
