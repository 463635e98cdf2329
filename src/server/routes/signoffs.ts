import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { SignoffBody } from "../../api/schemas.ts";
import { canSignOff } from "../../core/engine/index.ts";
import type { SignoffFact } from "../../core/model/facts.ts";
import type { ServerContext } from "../context.ts";
import { stateHash } from "../runs.ts";
import { changeOf, requireRef } from "./helpers.ts";

const Params = z.strictObject({ id: z.string().min(1), signoff: z.string().min(1) });

/**
 * Sign-offs: only members of the role, after the prerequisites pass, separation of duties kept.
 * The signer names the version they saw; its state hash is recorded with the sign-off, and a
 * sign-off on a state that has changed since is a conflict (they did not see the new state).
 */
export function signoffRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.post<{ Params: z.output<typeof Params>; Body: z.output<typeof SignoffBody> }>("/api/runs/:id/signoffs/:signoff", { config: { access: "write", actor: "person" }, schema: { tags: ["sign-offs"], params: Params, body: SignoffBody } }, async (req) => {
      const { id, signoff } = req.params;
      const actor = changeOf(ctx, req).actor;
      const r = await ctx.runs.decideAndAppend(id, req.body.version, (run, now) => {
        requireRef(run, "signoff", signoff);
        const fact: SignoffFact = { signoff, by: actor, at: now.toISOString(), evidence_hash: stateHash(run) };
        if (req.body.comment !== undefined) fact.comment = req.body.comment;
        return { fact: { kind: "signoff", data: fact }, verdict: canSignOff(run.loaded, run.facts, now, fact), action: "signoff.give", subject: `signoff:${signoff}` };
      }, actor);
      await ctx.feed.poll();
      return { version: r.version, seq: r.event.seq, evidence_hash: (r.event.after as { evidence_hash?: string }).evidence_hash };
    });
    done();
  };
}
