import { clockOf, dateOf, formatDuration } from "../../core/engine/time.ts";
import type { ForecastStatus } from "../../core/engine/types.ts";
import { paint } from "./paint.ts";
import { cut, table } from "./status-table.ts";

// `golive plan` output: the JSON a script reads, and the table a person reads.

/** The JSON of `golive plan --format json` (the CLI contract): instants ISO, slack in minutes. */
export interface PlanJson {
  start: string;
  finish: string;
  finish_task: string | null;
  rollback_deadline: string | null;
  fits_deadline: boolean | null;
  margin_minutes: number | null;
  critical_path: string[];
  tasks: { id: string; kind: "task" | "step"; title: string; planned_start: string | null; start: string; finish: string; slack: number; late: boolean; critical: boolean }[];
}

const minutes = (ms: number) => Math.round(ms / 60_000);

/** The forecast as the CLI contract's JSON. */
export function planJson(f: ForecastStatus): PlanJson {
  return {
    start: f.start, finish: f.finish, finish_task: f.finishTask ?? null, rollback_deadline: f.rollbackDeadline ?? null,
    fits_deadline: f.fitsDeadline ?? null, margin_minutes: f.marginMs === undefined ? null : minutes(f.marginMs),
    critical_path: f.criticalPath,
    tasks: f.tasks.map((t) => ({ id: t.id, kind: t.kind, title: t.title, planned_start: t.plannedStart ?? null, start: t.start, finish: t.finish, slack: minutes(t.slackMs), late: t.late, critical: t.critical })),
  };
}

/** The forecast as a table: one row per task or step, then the finish against the deadline. */
export function renderPlanTable(f: ForecastStatus, zone: string): string {
  const day = dateOf(new Date(f.start), zone);
  const at = (iso: string | undefined) => {
    if (!iso) return "";
    const d = new Date(iso);
    return dateOf(d, zone) === day ? clockOf(d, zone) : `${dateOf(d, zone)} ${clockOf(d, zone)}`;
  };
  const rows = [["ID", "PLANNED", "START", "FINISH", "SLACK", "", "TITLE"].map((h) => paint.dim(h))];
  for (const t of f.tasks) {
    const flags = `${t.critical ? paint.bold("critical") : ""}${t.late ? `${t.critical ? " " : ""}${paint.red("late")}` : ""}`;
    rows.push([t.id, at(t.plannedStart), at(t.start), at(t.finish), formatDuration(t.slackMs), flags, cut(t.title, 56)]);
  }
  const lines = [`Plan from ${at(f.start)} (${day}, ${zone})`, "", ...table(rows), ""];
  lines.push(`Forecast finish: ${at(f.finish)}${f.finishTask ? ` (${f.finishTask})` : ""}`);
  if (f.rollbackDeadline && f.marginMs !== undefined) {
    const verdict = f.fitsDeadline
      ? paint.green(`fits, ${formatDuration(f.marginMs)} to spare`)
      : paint.red(`does not fit: ${formatDuration(-f.marginMs)} past it${f.pastDeadline === "no_go" ? " (the verdict is NO-GO)" : ""}`);
    lines.push(`Rollback deadline: ${at(f.rollbackDeadline)}: ${verdict}`);
  } else lines.push("Rollback deadline: none in the runbook");
  lines.push(`Critical path: ${f.criticalPath.join(" → ")}`, "");
  return lines.join("\n");
}
