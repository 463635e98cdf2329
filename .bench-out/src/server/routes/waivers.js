import { randomBytes } from "node:crypto";
import { WaiverBody } from "../../api/schemas.js";
import { canGrantWaiver } from "../../core/engine/index.js";
import { changeOf, requireRef, RunParams } from "./helpers.js";
/** Waivers: explicit, signed, expiring exceptions, granted only by the policy's grantors. */
export function waiverRoutes(ctx) {
    return (app, _opts, done) => {
        app.post("/api/runs/:id/waivers", { config: { access: "write" }, schema: { tags: ["waivers"], params: RunParams, body: WaiverBody } }, async (req, reply) => {
            const b = req.body;
            const actor = changeOf(ctx, req).actor;
            const waiverId = b.id ?? `waiver-${randomBytes(4).toString("hex")}`;
            const r = await ctx.runs.decideAndAppend(req.params.id, b.version, (run, now) => {
                requireRef(run, "waiver policy", b.policy);
                const fact = { id: waiverId, policy: b.policy, target: b.target, by: actor, at: now.toISOString(), expires: b.expires, reason: b.reason };
                return { fact: { kind: "waiver", data: fact }, verdict: canGrantWaiver(run.loaded, run.facts, now, fact), action: "waiver.grant", subject: `waiver:${waiverId}` };
            }, actor);
            await ctx.feed.poll();
            return reply.status(201).send({ id: waiverId, version: r.version, seq: r.event.seq });
        });
        done();
    };
}
