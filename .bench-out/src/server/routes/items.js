import { createHash } from "node:crypto";
import { MAX_FILE_BYTES, SetItemBody, UploadFileBody } from "../../api/schemas.js";
import { reason } from "../../core/engine/index.js";
import { allItems } from "../../core/model/expand.js";
import { membersNow } from "../assignments.js";
import { principalOf } from "../context.js";
import { ApiError } from "../errors.js";
import { changeOf, RunRefParams } from "./helpers.js";
import { z as zod } from "zod";
const ItemParams = RunRefParams("item");
const FileParams = zod.strictObject({ sha256: zod.string().regex(/^[0-9a-f]{64}$/) });
/** Items (tick with evidence, always at the version read) and evidence files. */
export function itemRoutes(ctx) {
    return (app, _opts, done) => {
        app.put("/api/runs/:id/items/:item", { config: { access: "write" }, schema: { tags: ["items"], params: ItemParams, body: SetItemBody } }, async (req) => {
            const { id, item } = req.params;
            const run = await ctx.runs.context(id);
            const def = allItems(run.loaded.runbook).find((i) => i.id === item);
            if (!def)
                throw new ApiError("GOLIVE_E_UNKNOWN_REFERENCE", `the runbook has no item '${item}'`);
            if (def.check !== undefined)
                throw new ApiError("GOLIVE_E_REFUSED", `item '${item}' follows check '${def.check}': run the check instead`, { reasons: [reason("item.automated", { item, check: def.check })] });
            if (req.body.state === "done" && def.evidence === "required" && req.body.evidence.length === 0) {
                throw new ApiError("GOLIVE_E_REFUSED", `item '${item}' needs evidence to be done`, { reasons: [reason("item.evidence_required", { item })] });
            }
            for (const e of req.body.evidence) {
                if (e.kind !== "file")
                    continue;
                if (!e.sha256 || !(await ctx.store.getFile(e.sha256)))
                    throw new ApiError("GOLIVE_E_VALIDATION", `evidence file '${e.value}' was not uploaded (POST /api/files first)`);
            }
            // An item owned by a role is set by a member of that role; an admin may, and it says so.
            let override = false;
            if (def.owner !== undefined) {
                const who = principalOf(req);
                const owners = membersNow(run.loaded.runbook, run.facts, def.owner);
                if (!owners.includes(who.user)) {
                    if (who.role !== "admin")
                        throw new ApiError("GOLIVE_E_NOT_OWNER", `${who.user} is not in the owner role of item '${item}' (${[def.owner].flat().join(", ")}: ${owners.join(", ") || "nobody"})`, { owner: def.owner, members: owners });
                    override = true;
                }
            }
            const change = changeOf(ctx, req);
            const fact = { item, state: req.body.state, by: change.actor, at: change.at, evidence: req.body.evidence };
            if (override)
                fact.override = true;
            if (req.body.note !== undefined)
                fact.note = req.body.note;
            const r = await ctx.runs.append(id, { kind: "item", data: fact }, { ...change, expectedVersion: req.body.version, action: "item.set", subject: `item:${item}` });
            ctx.runs.invalidate(id, r.version);
            await ctx.feed.poll();
            return { version: r.version, seq: r.event.seq, item: fact };
        });
        app.post("/api/files", { config: { access: "write" }, bodyLimit: Math.ceil(MAX_FILE_BYTES * 1.4) + 4096, schema: { tags: ["items"], body: UploadFileBody } }, async (req, reply) => {
            const bytes = Buffer.from(req.body.content_base64, "base64");
            if (bytes.length > MAX_FILE_BYTES)
                throw new ApiError("GOLIVE_E_PAYLOAD_TOO_LARGE", `a file may have at most ${MAX_FILE_BYTES} bytes`);
            const sha256 = createHash("sha256").update(bytes).digest("hex");
            await ctx.store.putFile({ sha256, name: req.body.name, mediaType: req.body.media_type, size: bytes.length, bytes });
            return reply.status(201).send({ kind: "file", value: req.body.name, sha256, size: bytes.length });
        });
        app.get("/api/files/:sha256", { config: { access: "read" }, schema: { tags: ["items"], params: FileParams } }, async (req, reply) => {
            const f = await ctx.store.getFile(req.params.sha256);
            if (!f)
                throw new ApiError("GOLIVE_E_NOT_FOUND", "no such file");
            // Served as a download, never rendered in our origin.
            return reply
                .header("content-type", "application/octet-stream")
                .header("content-disposition", `attachment; filename="${f.name.replace(/[^A-Za-z0-9._-]/g, "_")}"`)
                .send(f.bytes);
        });
        done();
    };
}
