import type { FastifyInstance } from "fastify";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { CreateRunBody, RunChecksBody, UpdateRunBody } from "../../api/schemas.ts";
import type { AssignmentFact, Facts } from "../../core/model/facts.ts";
import type { RunRecord } from "../../store/store.ts";
import { currentAssignments, judgeAssignment } from "../assignments.ts";
import { requirePerson } from "../auth/access.ts";
import { principalOf, type ServerContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { itemsPage, MAX_ITEMS_PAGE, STATUS_ITEMS_PAGE } from "../status-page.ts";
import { changeOf, RunParams } from "./helpers.ts";

/** GET /api/runs/:id/status/items: a page of the status's items, in runbook order. */
const ItemsPageQuery = z.strictObject({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_ITEMS_PAGE).default(STATUS_ITEMS_PAGE),
});

type Params = { Params: z.output<typeof RunParams> };

const ASSIGNING = "Assigning accounts to a run's roles";

/** The run as the API shows it (`assignments`: as they stand now, when the facts are given). */
export function publicRun(r: RunRecord, facts?: Facts) {
  const assignments = facts ? currentAssignments(facts) : r.assignments;
  return { id: r.id, name: r.name, kind: r.kind, runbook: r.runbookHash, version: r.version, active: r.active, ...r.meta, assignments, created_at: r.createdAt, created_by: r.createdBy };
}

/** What starting a run records: when, and for a rebaselined run that the plan starts then too. */
function startMeta(at: string, rebaseline: boolean): RunRecord["meta"] {
  return rebaseline ? { started_at: at, baseline_start: at } : { started_at: at };
}

/** Runs: create, list, read (with facts), update (versioned), status, and run checks now. */
export function runRoutes(ctx: ServerContext) {
  return (app: FastifyInstance, _opts: unknown, done: () => void) => {
    app.get("/api/runs", { config: { access: "read", actor: "any" }, schema: { tags: ["runs"] } }, async () => {
      const runs = await ctx.store.listRuns();
      return Promise.all(runs.map(async (r) => publicRun(r, (await ctx.runs.context(r.id)).facts)));
    });

    app.post<{ Body: z.output<typeof CreateRunBody> }>("/api/runs", { config: { access: "write", actor: "any" }, schema: { tags: ["runs"], body: CreateRunBody } }, async (req, reply) => {
      const b = req.body;
      const loaded = await ctx.runs.loaded(b.runbook);
      // A new run's first assignments follow the same rules as a change: never oneself, and a
      // person's act (a pipeline creates runs, it does not decide who acts in their roles).
      if (b.assignments && Object.keys(b.assignments).length > 0) {
        await requirePerson(ctx, req, principalOf(req), ASSIGNING);
        judgeAssignment(principalOf(req), loaded.runbook, {}, b.assignments, (await ctx.runs.approvalGrants(b.runbook, loaded)).textMembers);
      }
      const meta: RunRecord["meta"] = {};
      if (b.date) meta.date = b.date;
      if (b.timezone) meta.timezone = b.timezone;
      if (b.golive_at) meta.golive_at = b.golive_at;
      if (b.start) Object.assign(meta, startMeta(ctx.clock.now().toISOString(), b.rebaseline ?? b.kind === "rehearsal"));
      const id = b.id ?? `run-${randomBytes(5).toString("hex")}`;
      const run = await ctx.store.createRun({ id, name: b.name, runbookHash: b.runbook, meta, assignments: b.assignments ?? {}, kind: b.kind }, changeOf(ctx, req));
      await ctx.feed.poll();
      return reply.status(201).send(publicRun(run));
    });

    app.get<Params>("/api/runs/:id", { config: { access: "read", actor: "any" }, schema: { tags: ["runs"], params: RunParams } }, async (req) => {
      const c = await ctx.runs.context(req.params.id);
      return { ...publicRun(c.run, c.facts), facts: c.facts };
    });

    // A person's: the run's date and zone place its timeline and rollback deadline (a token moving
    // them could reopen rollback after the deadline, or refuse it before), start starts the clock,
    // and assignments decide who acts in the run's roles.
    app.patch<Params & { Body: z.output<typeof UpdateRunBody> }>("/api/runs/:id", { config: { access: "write", actor: "person" }, schema: { tags: ["runs"], params: RunParams, body: UpdateRunBody } }, async (req) => {
      const b = req.body;
      const cur = await ctx.store.getRun(req.params.id);
      if (!cur) throw new ApiError("GOLIVE_E_NOT_FOUND", `run '${req.params.id}' not found`);
      const patch: Parameters<typeof ctx.store.updateRun>[1] = {};
      if (b.name !== undefined) patch.name = b.name;
      // Every refusal before the first write: a refused PATCH changes nothing.
      if (b.start && cur.meta.started_at) throw new ApiError("GOLIVE_E_CONFLICT", `run '${cur.id}' started at ${cur.meta.started_at}`);
      let version = b.version;
      if (b.assignments !== undefined) {
        // An audited decision of its own (who, whom, which role, why), dated: the engine judges
        // every sign-off, waiver and vote against the roles as they stood at its time.
        const run = await ctx.runs.context(req.params.id, { fresh: true });
        const changed = judgeAssignment(principalOf(req), run.loaded.runbook, currentAssignments(run.facts), b.assignments, run.textMembers);
        if (Object.keys(changed).length > 0) {
          const change = changeOf(ctx, req);
          const fact: AssignmentFact = { assignments: changed, by: change.actor, at: change.at };
          if (b.reason !== undefined) fact.reason = b.reason;
          const r = await ctx.store.appendFact(req.params.id, { kind: "assignment", data: fact }, { ...change, expectedVersion: b.version, action: "run.assign", subject: `run:${req.params.id}:assignments` });
          ctx.runs.invalidate(req.params.id);
          version = r.version;
        }
      }
      if (b.active !== undefined) patch.active = b.active;
      if (b.date !== undefined || b.golive_at !== undefined || b.timezone !== undefined || b.start) {
        patch.meta = {
          ...cur.meta,
          ...(b.date !== undefined ? { date: b.date } : {}),
          ...(b.timezone !== undefined ? { timezone: b.timezone } : {}),
          ...(b.golive_at !== undefined ? { golive_at: b.golive_at } : {}),
          ...(b.start ? startMeta(ctx.clock.now().toISOString(), b.rebaseline ?? cur.kind === "rehearsal") : {}),
        };
      }
      if (Object.keys(patch).length > 0) {
        await ctx.store.updateRun(req.params.id, patch, { ...changeOf(ctx, req), expectedVersion: version });
        ctx.runs.invalidate(req.params.id);
      }
      await ctx.feed.poll();
      const after = await ctx.runs.context(req.params.id, { fresh: true });
      return publicRun(after.run, after.facts);
    });

    app.get<Params>("/api/runs/:id/status", { config: { access: "read", actor: "any" }, schema: { tags: ["runs"], params: RunParams } }, async (req, reply) => {
      const body = await ctx.runs.statusJson(req.params.id);
      return reply.type("application/json; charset=utf-8").send(body);
    });

    // A huge runbook's status carries its first items only (status-page.ts): the rest, by page.
    app.get<Params & { Querystring: z.output<typeof ItemsPageQuery> }>("/api/runs/:id/status/items", { config: { access: "read", actor: "any" }, schema: { tags: ["runs"], params: RunParams, querystring: ItemsPageQuery } }, async (req) => {
      const { version, items } = await ctx.runs.statusItems(req.params.id);
      return { run: req.params.id, version, ...itemsPage(items, req.query.offset, req.query.limit) };
    });

    app.get<Params>("/api/runs/:id/gates", { config: { access: "read", actor: "any" }, schema: { tags: ["gates"], params: RunParams } }, async (req, reply) => {
      const s = JSON.parse((await ctx.runs.statusJson(req.params.id)).toString()) as { version: number; status: { gates: unknown } };
      return reply.send({ version: s.version, gates: s.status.gates });
    });

    app.get<Params>("/api/runs/:id/checks", { config: { access: "read", actor: "any" }, schema: { tags: ["checks"], params: RunParams } }, async (req) => {
      const s = JSON.parse((await ctx.runs.statusJson(req.params.id)).toString()) as { version: number; status: { checks: unknown } };
      return { version: s.version, checks: s.status.checks };
    });

    app.post<Params & { Body: z.output<typeof RunChecksBody> }>("/api/runs/:id/checks/run", { config: { access: "write", actor: "any" }, schema: { tags: ["checks"], params: RunParams, body: RunChecksBody } }, async (req) => {
      const sel: { only?: string[]; gates?: string[]; waves?: string[] } = {};
      if (req.body.checks) sel.only = req.body.checks;
      if (req.body.gates) sel.gates = req.body.gates;
      if (req.body.waves) sel.waves = req.body.waves;
      const { results, held } = await ctx.runNow.run(req.params.id, sel, changeOf(ctx, req).actor);
      await ctx.feed.poll();
      return held.length ? { results, held } : { results };
    });
    done();
  };
}
