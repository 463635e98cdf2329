import type { TableRow } from "./blocks.ts";
import { splitId, type Draft, type WaveIn } from "./draft.ts";
import type { Cell } from "./tables.ts";
import { targetCondition } from "./text.ts";

// Waves and their exit criteria from table rows: a wave's criteria table (one criterion a row), a
// phases table (one wave a row), and a table of changes that adds a criterion (build-updates.ts).

/** A wave exit criterion from a row. */
export function criterion(d: Draft, wave: WaveIn, cell: Cell, row: TableRow): void {
  const { text, id } = splitId(cell(row, "criteria"));
  const cid = d.id("criterion", id ?? cell(row, "id"), `${wave.id}-C${wave.exit.length + 1}`);
  const target = cell(row, "target");
  const measure = cell(row, "measure");
  const c: WaveIn["exit"][number] = { id: cid, title: text || cid };
  if (target) c.target = target;
  if (measure) c.measure = measure;
  const checkId = cell(row, "check").replace(/`/g, "").trim();
  if (checkId) c.check = checkId;
  const by = d.roles(cell(row, "attest"));
  const given = cell(row, "condition").replace(/^`|`$/g, "");
  if (by.length || !checkId) {
    const cond = given || targetCondition(target);
    if (cond && !given) d.count("conditions");
    c.attest = { by: by.length ? (by.length === 1 ? (by[0] as string) : by) : attesterFrom(d, measure), ...(cond ? { condition: cond } : {}) };
  }
  wave.exit.push(c);
  d.count("criteria");
}

/**
 * A wave from a row of a phases table: its exit criteria are the criteria cell's parts (split on
 * `;` and line breaks), each attested by the row's owner or the default role; what the phase does
 * is its description.
 * One wave a row of a phases table. `rest` are the row's other cells ("% Tráfego: 1%", "Duração:
 * 3 dias"): kept in the description, and the first names a phase that is only a number ("Fase 1 — 1%").
 */
export function waveRow(d: Draft, cell: Cell, row: TableRow, rest: string[], phaseHeader: string): void {
  const { text, id } = splitId(cell(row, "phase"));
  if (!text && !id) return d.skip(row.line, "table row", "no phase", row.cells.join(" | "));
  const wid = d.id("wave", id ?? cell(row, "id"), `W${d.rb.waves.length + 1}`);
  const first = rest[0]?.replace(/^[^:]*:\s*/, "");
  const title = /^\d+$/.test(text) ? `${phaseHeader.trim()} ${text}${first ? ` — ${first}` : ""}` : text;
  const wave: WaveIn = { id: wid, title: title || wid, exit: [] };
  const does = [cell(row, "task"), cell(row, "note"), ...rest].filter(Boolean).join("; ");
  if (does) wave.description = does;
  const owner = d.roles(cell(row, "owner"));
  const by = owner.length ? (owner.length === 1 ? (owner[0] as string) : owner) : d.defaultRole();
  const parts = cell(row, "criteria").split(/<br\s*\/?>|;\s+/i).map((p) => p.trim()).filter(Boolean);
  for (const part of parts) {
    wave.exit.push({ id: d.id("criterion", undefined, `${wid}-C${wave.exit.length + 1}`), title: part, attest: { by } });
    d.count("criteria");
  }
  d.rb.waves.push(wave);
  d.count("waves");
}

/** Who attests a criterion: a role the "how measured" cell names, else the default role. */
function attesterFrom(d: Draft, measure: string): string {
  const first = measure.split(/\s+/)[0] ?? "";
  if (first && /^[A-Z]{2,6}$/.test(first) && d.has("role", first.toLowerCase())) return first.toLowerCase();
  return d.defaultRole();
}

/** A yes/no/consider cell in the usual languages (a rollback decision, a role that assigns). */
