// npm run bench:schedule: what a scheduler round and a job's run-or-skip decision cost on a run
// with a long history, against a fresh run of the same runbook, in the same process and store.
// 48 checks due every 5 s; the long run has BENCH_ROUNDS (default 2000) rounds of samples behind
// it (96,000 samples through store.recordSamples, the scheduler's own path). A round: the clock
// moves 5 s and plan() sends every due check (48) as a job; a decision: runJob on a check whose
// slot already has a result (lease, run, latest sample, no probe).
// Last line: {"bench":"schedule","checks":48,"samples":N,"plan_p50_ms":…,"fresh_plan_p50_ms":…,
// "decide_p50_ms":…,"fresh_decide_p50_ms":…}
import { performance } from "node:perf_hooks";
import type { CheckResultFact } from "../src/core/model/facts.ts";
import { MemoryJobQueue } from "../src/jobs/memory-queue.ts";
import { buildApp } from "../src/server/app.ts";
import { CheckSchedule, type CheckJob } from "../src/server/check-schedule.ts";
import { openStore } from "../src/store/open.ts";

const CHECKS = 48;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2000);
const EVERY_MS = 5_000;
const START = Date.parse("2026-06-01T00:00:00Z");
const log = (s: string) => process.stderr.write(`${s}\n`);

const p50 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.floor(s.length / 2)] ?? 0) * 1000) / 1000;
};

const ids = Array.from({ length: CHECKS }, (_, i) => `c${i}`);
const source = `golive: 1
meta: { id: sched, title: Schedule bench, timezone: UTC }
checks:
${ids.map((id) => `  - { id: ${id}, kind: http, config: { url: "http://127.0.0.1:9/${id}" }, conditions: ["status == 200"], interval: 5s }`).join("\n")}
`;

const clock = { ms: START, now: () => new Date(clock.ms) };
const store = await openStore("memory:");
const { app, ctx } = await buildApp({ store, clock });
const change = () => ({ actor: "bench", at: clock.now().toISOString() });
const rb = await store.putRunbook({ source, runbookId: "sched", title: "Schedule bench" }, change());
for (const id of ["long", "fresh"]) await store.createRun({ id, name: id, runbookHash: rb.hash, meta: {} }, change());

log(`recording ${ROUNDS} rounds of ${CHECKS} samples on the long run…`);
const sample = (check: string, atMs: number, i: number): CheckResultFact => ({ check, outcome: i % 97 === 0 ? "fail" : "pass", at: new Date(atMs).toISOString(), duration_ms: 12, conditions: [] });
for (let r = 0; r < ROUNDS; r++) {
  const at = START + r * EVERY_MS;
  await store.recordSamples("long", ids.map((c, i) => sample(c, at, r + i)), { actor: "golive:scheduler", at: new Date(at).toISOString() });
}
clock.ms = START + ROUNDS * EVERY_MS;
await store.recordSamples("fresh", ids.map((c) => sample(c, clock.ms, 1)), change());
clock.ms += 1;

/** A schedule of one run (the other skipped), sending to a queue nobody works on. */
function scheduleOf(run: string): CheckSchedule {
  const queue = new MemoryJobQueue({ onError: (e) => log(String(e)) });
  return new CheckSchedule(store, ctx.runs, ctx.checks, queue, clock, { allowCommands: false, instanceId: "bench", skipRuns: new Set([run === "long" ? "fresh" : "long"]) });
}
const schedules = { long: scheduleOf("long"), fresh: scheduleOf("fresh") };
for (const s of Object.values(schedules)) await s.plan();

const plans = { long: [] as number[], fresh: [] as number[] };
const decisions = { long: [] as number[], fresh: [] as number[] };
const signal = new AbortController().signal;
for (let r = 0; r < 200; r++) {
  clock.ms += EVERY_MS;
  // Alternate which goes first, so that neither always meets a warmer cache.
  for (const run of r % 2 ? (["long", "fresh"] as const) : (["fresh", "long"] as const)) {
    const t0 = performance.now();
    const sent = await schedules[run].plan();
    plans[run].push(performance.now() - t0);
    if (sent !== CHECKS) throw new Error(`round ${r} of ${run}: ${sent} jobs sent, ${CHECKS} expected`);
    // The check ran in this slot already (its last sample is newer than the slot's start): skipped.
    const job: CheckJob = { runId: run, checkId: ids[r % CHECKS] as string, slotMs: START, everyMs: EVERY_MS, target: "127.0.0.1:9" };
    const t1 = performance.now();
    if (await schedules[run].runJob(job, signal, 60_000)) throw new Error("a decided job ran");
    decisions[run].push(performance.now() - t1);
  }
}
await app.close();
await store.close();
const out = {
  bench: "schedule", checks: CHECKS, samples: ROUNDS * CHECKS,
  plan_p50_ms: p50(plans.long), fresh_plan_p50_ms: p50(plans.fresh),
  decide_p50_ms: p50(decisions.long), fresh_decide_p50_ms: p50(decisions.fresh),
};
log(`a round of ${CHECKS} due checks: ${out.plan_p50_ms} ms with ${out.samples} samples behind, ${out.fresh_plan_p50_ms} ms fresh; a decision: ${out.decide_p50_ms} ms / ${out.fresh_decide_p50_ms} ms`);
console.log(JSON.stringify(out));
