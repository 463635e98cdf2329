import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AttestationBody } from "../../api/schemas.ts";
import { canAttest } from "../../core/engine/index.ts";
import type { AttestationFact } from "../../core/model/facts.ts";
import type { ServerContext } from "../context.ts";
import { changeOf, requireRef } from "./helpers.ts";

const Params = z.strictObject({ id: z.string().min(1), criterion: z.string().min(1) });

/** Attestations: a person of the criterion's attest role records a measured value or met/not met. */
export function attestationRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.post<{ Params: z.output<typeof Params>; Body: z.output<typeof AttestationBody> }>("/api/runs/:id/attestations/:criterion", { config: { access: "write", actor: "person" }, schema: { tags: ["attestations"], params: Params, body: AttestationBody } }, async (req) => {
      const { id, criterion } = req.params;
      const actor = changeOf(ctx, req).actor;
      const r = await ctx.runs.decideAndAppend(id, req.body.version, (run, now) => {
        requireRef(run, "criterion", criterion);
        const fact: AttestationFact = { criterion, by: actor, at: now.toISOString(), evidence: req.body.evidence };
        if (req.body.met !== undefined) fact.met = req.body.met;
        if (req.body.value !== undefined) fact.value = req.body.value;
        return { fact: { kind: "attestation", data: fact }, verdict: canAttest(run.loaded, run.facts, now, fact), action: "attestation.record", subject: `criterion:${criterion}` };
      }, actor);
      await ctx.feed.poll();
      return { version: r.version, seq: r.event.seq };
    });
    done();
  };
}
