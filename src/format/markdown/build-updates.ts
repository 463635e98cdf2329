import { readYamlData } from "../yaml-bounded.ts";
import type { CodeBlock, TableBlock, TableRow } from "./blocks.ts";
import { findStep, step } from "./build-steps.ts";
import { criterion } from "./build-waves.ts";
import type { Draft } from "./draft.ts";
import { cellOf, headerField, type Cell, type Classified } from "./tables.ts";
import { targetCondition } from "./text.ts";
import { normalizeWord } from "./vocabulary.ts";

// Documents that are revised in place add a table of changes at the end ("Gate | Old | New",
// "Step | Cũ | Mới"): each row is applied to what it names, as a reviewer would read it. A new
// wave exit criterion ("NEW W3 exit:") is added to its wave, a changed one gets the new target;
// a step row changes the step's title or, for a new id like `9a`, adds the sub-step. Rows that
// name nothing in the document are reported.

const NEW_ROW = /^(?:new|mới|thêm|baru|tambah|neu|nouveau|nuevo|novo|add(?:ed)?)\b/i;
const WAVE_REF = /\b(?:w|wave|đợt|gelombang)\s*(\d+)\b/i;
const EXIT_WORDS = /\b(?:exit(?: criteria)?|tiêu chí|kriteria|criteria)\b:?/gi;

/** Applies a table of changes; every row that changes nothing is reported with its line. */
export function placeUpdates(d: Draft, t: TableBlock, c: Classified): boolean {
  const keyCol = [c.col.step, c.col.criteria, c.col.gate, c.col.title, c.col.id, 0].find((i) => i !== undefined && i !== c.col.old && i !== c.col.new) ?? 0;
  for (const row of t.rows) {
    const key = (row.cells[keyCol] ?? "").trim();
    const now = cellOf(t, c, row.cells, "new");
    if (!key && !now) continue;
    const why = c.col.step !== undefined ? stepUpdate(d, key, now, row) : criterionUpdate(d, key, now, row);
    if (why) d.skip(row.line, "table row", why, row.cells.join(" | "));
  }
  return true;
}

/** A wave exit criterion changed or added; the reason when the row names none. */
function criterionUpdate(d: Draft, key: string, now: string, row: TableRow): string | undefined {
  const waveNo = WAVE_REF.exec(key)?.[1];
  const wave = waveNo ? d.rb.waves.find((w) => w.id === `W${waveNo}`) : undefined;
  if (!wave) return "change names no wave of the document";
  const hint = normalizeWord(key.replace(NEW_ROW, "").replace(WAVE_REF, "").replace(EXIT_WORDS, "")).replace(/^[\s:—–-]+|[\s:—–-]+$/g, "");
  if (NEW_ROW.test(key.trim()) || !hint) {
    const cell: Cell = (_r, field) => (field === "criteria" ? now : "");
    criterion(d, wave, cell, row);
    return undefined;
  }
  const c = wave.exit.find((x) => normalizeWord(x.title).startsWith(hint)) ?? wave.exit.find((x) => normalizeWord(x.title).includes(hint));
  if (!c) return `change names no exit criterion of ${wave.id}`;
  c.target = now;
  if (c.attest) {
    const cond = targetCondition(now);
    if (cond) c.attest.condition = cond;
    else delete c.attest.condition;
  }
  d.count("updates");
  return undefined;
}

/** A deploy step renamed, or a new (sub-)step; the reason when the row names no step. */
function stepUpdate(d: Draft, key: string, now: string, row: TableRow): string | undefined {
  const id = key.replace(/[*`]/g, "").trim();
  const existing = findStep(d.rb.steps, id);
  if (existing) {
    // "Split:" introduces the rows below it; the step itself keeps its title.
    if (now && !/:\s*$/.test(now)) existing.title = now;
    d.count("updates");
    return undefined;
  }
  if (!/^\d+[a-z]$/.test(id) || !now) return "change names no deploy step";
  const cell: Cell = (_r, field) => (field === "step" ? now : field === "id" ? id : "");
  step(d, cell, row);
  return undefined;
}

/**
 * Alerting rules in a YAML code block (Prometheus/Alertmanager `- alert:` entries) become the
 * runbook's alerts. Each line is read with the YAML parser on its own, so that rules whose
 * indentation was lost when the page was copied still read. False when the block holds none.
 */
export function alertRules(d: Draft, b: CodeBlock): boolean {
  if (!/^(?:ya?ml|)$/i.test(b.lang) || !/^\s*-?\s*alert:/m.test(b.value)) return false;
  let cur: Record<string, unknown> | undefined;
  const rules: Record<string, unknown>[] = [];
  for (const line of b.value.split("\n")) {
    const entry: unknown = readYamlData(line.trim().replace(/^-\s+/, ""));
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) continue;
    const e = entry as Record<string, unknown>;
    if (typeof e.alert === "string") rules.push((cur = { ...e }));
    else if (cur) Object.assign(cur, e);
  }
  const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
  const mon = d.monitoring();
  for (const r of rules) {
    const name = text(r.alert);
    const id = d.id("alert", name, `A-${mon.alerts.length + 1}`);
    const trigger = [text(r.expr), text(r.for) ? `for ${text(r.for)}` : ""].filter(Boolean).join(" ");
    const fix = [text(r.description), text(r.runbook_url)].filter(Boolean).join(" ");
    mon.alerts.push({ id, title: text(r.summary) || name, ...(trigger ? { trigger } : {}), ...(fix ? { fix } : {}) });
    d.count("alerts");
  }
  return rules.length > 0;
}

/**
 * "Mục | Default (W1-W3) | Production (W4+)": what each item is set to at each stage, a decision
 * written as a table whose other headers are stages, not fields. Each row becomes a fact
 * ("HMAC header name" = "Default (W1-W3): (no header); Production (W4+): X-Pancake-Signature").
 */
export function stageFacts(d: Draft, t: TableBlock): boolean {
  const first = headerField(t.header[0] ?? "");
  const stages = t.header.slice(1);
  if ((first !== "title" && first !== "property") || stages.length < 2 || stages.some((h) => !h.trim() || headerField(h))) return false;
  for (const row of t.rows) {
    const name = (row.cells[0] ?? "").trim();
    if (!name) continue;
    const value = stages.map((h, i) => `${h.trim()}: ${(row.cells[i + 1] ?? "").trim()}`).join("; ");
    (d.rb.meta.facts ??= []).push({ name, value });
    d.count("facts");
  }
  return true;
}
