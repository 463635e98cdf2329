import type { Entry, ListBlock } from "./blocks.ts";
import type { Draft, SectionIn } from "./draft.ts";
import { clockTime, durationIn, durationOf, idList } from "./text.ts";
import { EVIDENCE_WORDS, labelLine, normalizeWord } from "./vocabulary.ts";
import { FORECAST_SETTINGS, applySettings } from "./settings.ts";

// "Label: value" lines that say more about what stands above them: meta lines under the title,
// the timeline and rollback headings (version, date, window, rollback window...); under a checklist item
// (depends on, evidence, notes), under a procedure heading (when, owner), under a Hypercare
// heading (duration, green for, windows); and the entries of a Links list. The labels are
// words of the vocabulary (LINE_WORDS), in English, Vietnamese, Indonesian and others.

/** The labels of the lines under a checklist item. */
export const ITEM_LINES = ["depends_on", "evidence", "notes"] as const;

/** Sets what a `Depends on:`, `Evidence:` or `Notes:` line under an item says. */
export function itemLine(item: SectionIn["items"][number], label: (typeof ITEM_LINES)[number], value: string): void {
  const addNote = (text: string) => (item.notes = item.notes ? `${item.notes} ${text}` : text);
  if (label === "depends_on") item.depends_on = [...(item.depends_on ?? []), ...idList(value)];
  else if (label === "notes") addNote(value);
  else {
    const word = normalizeWord(value);
    const level = (Object.entries(EVIDENCE_WORDS) as [NonNullable<typeof item.evidence>, readonly string[]][]).find(([, words]) => words.includes(word))?.[0];
    item.evidence = level ?? "required";
    // "Evidence: screenshot of the dashboard" asks for evidence and says which.
    if (!level && value) addNote(`Evidence: ${value}`);
  }
}

/** Under a procedure heading: "When: ..." and "Owner: ..." lines. */
export function procedureAbout(d: Draft, lines: string[]): boolean {
  const proc = d.top()?.procedure;
  const said = lines.map((l) => labelLine(l, ["when", "owner"] as const));
  if (!proc || !said.length || !said.every((x) => x)) return false;
  for (const x of said) {
    if (x?.label === "when") proc.when = x.value;
    else if (x) {
      const owners = d.roles(x.value);
      if (owners.length) proc.owner = owners.length === 1 ? owners[0] : owners;
    }
  }
  return true;
}

const HYPERCARE_LINES = ["duration", "green_for", "windows", "starts_after", "owner", "exit_checks", "exit_items", "no_open", "none_opened", "exit_signoffs", "early_exit"] as const;
const STARTS = ["wave", "step", "task", "phase"] as const;
const YES = new Set(["yes", "true", "có", "ya", "allowed"]);

/** Under a Hypercare heading: "Duration: 7d", "Green for: 48h", "Windows: W-1, W-2", "Owners: ops", "Sign-offs: handover"… lines, or its description. */
export function hypercare(d: Draft, lines: string[], text: string): boolean {
  const top = d.top();
  if (top?.kind !== "hypercare" || top.phase || top.section) return false;
  const h = (d.rb.hypercare ??= {});
  const said = lines.map((l) => labelLine(l, HYPERCARE_LINES));
  if (!said.every((x) => x)) {
    if (h.description) return false;
    h.description = text;
    return true;
  }
  const exit: NonNullable<typeof h.exit> = {};
  for (const x of said) {
    if (!x) continue;
    const list = idList(x.value);
    switch (x.label) {
      case "duration": { const dur = durationOf(x.value); if (dur) h.duration = dur; break; }
      case "green_for": { const dur = durationOf(x.value); if (dur) exit.green_for = dur; break; }
      case "windows": exit.windows = list; break;
      case "exit_checks": exit.checks = list; break;
      case "exit_items": exit.items = list; break;
      case "exit_signoffs": exit.signoffs = list; break;
      case "no_open": exit.incidents = { ...exit.incidents, no_open: list }; break;
      case "none_opened": exit.incidents = { ...exit.incidents, none_opened: list }; break;
      case "owner": h.owners = list.length === 1 ? list[0] : list; break;
      case "early_exit": h.early_exit = YES.has(normalizeWord(x.value)); break;
      case "starts_after": {
        const [kind, id] = x.value.trim().split(/\s+/);
        const k = STARTS.find((s) => s === normalizeWord(kind ?? ""));
        if (k && id) h.starts_after = { kind: k, id };
        break;
      }
    }
  }
  if (Object.keys(exit).length) h.exit = exit;
  d.count("hypercare");
  return true;
}

/** "- Title: `address`", "- Title — https://..." or "- [Title](address)": a link of the runbook. */
export function link(d: Draft, e: Entry): void {
  const m = /^(.*?)\s*(?:[:—–]|\s-)?\s*(?:`([^`]+)`|(https?:\/\/\S+))$/.exec(e.text.trim());
  const url = m?.[2] ?? m?.[3];
  // A Markdown link: kept as written (a relative one is reported as not followed).
  if ((!m || !url) && e.links?.length) {
    const before = d.rb.meta.links?.length ?? 0;
    d.keepLinks(d.rb.meta, e.links, "the runbook's links");
    const added = (d.rb.meta.links?.length ?? 0) - before;
    if (added) return d.count("links", added);
  }
  if (!m || !url) return d.skip(e.line, "list item", "a link without an address (`address` or https://...)", e.text);
  (d.rb.meta.links ??= []).push({ title: (m[1] ?? "").trim() || url, url });
  d.count("links");
}

/** A value still to fill in: `[Contact Info]`, `____`, `TBD`. */
const BLANK = /^(?:\[[^\]]*\]|<[^>]*>|_{2,}|tbd|tba|\.{3}|…|-|—)?$/iu;

/**
 * Under a contacts heading, `- **Technical Lead**: [Contact Info]` or `- DBA: Bo, +84 90 123 4567,
 * #db`: a contact of the role the label names, with the name, phone and channel the value gives
 * (a blank gives none). False, nothing placed, when some entry is no such line.
 */
export function contactLines(d: Draft, b: ListBlock): boolean {
  const said = b.items.map((e) => (e.children.length || e.checked !== null ? null : /^([^:]{2,40}):\s*(.*)$/s.exec(e.text.replace(/\*\*/g, "").trim())));
  if (!said.length || said.some((m) => !m)) return false;
  said.forEach((m, i) => {
    const role = d.role((m?.[1] ?? "").trim());
    if (!role) return d.skip(b.items[i]?.line ?? b.line, "list item", "contact without a role", b.items[i]?.text ?? "");
    const ct: Draft["rb"]["contacts"][number] = { role };
    for (const part of (m?.[2] ?? "").split(/\s*[,;]\s*|\s+[—–]\s+/).map((x) => x.trim()).filter((x) => !BLANK.test(x))) {
      if (/^\+?\d[\d\s().-]{6,}$/.test(part)) ct.phone ??= part;
      else if (/^(?:#|@)\S+$|^\S+@\S+\.\S+$/.test(part)) ct.channel ??= part;
      else ct.name ??= part;
    }
    d.rb.contacts.push(ct);
    d.count("contacts");
  });
  return true;
}

/** Meta line labels ("**Version**: 2") in lower case, to the part of the runbook they set. */
export const META_KEYS: Record<string, string> = {
  version: "version", "phiên bản": "version", versi: "version", date: "date", ngày: "date", tanggal: "date",
  owner: "owner", "chủ sở hữu": "owner", system: "system", "hệ thống": "system", sistem: "system",
  "ngày go-live": "day", "go-live day": "day", "cutover date": "timeline_date", "ngày cutover": "timeline_date", "tanggal cutover": "timeline_date",
  "rollback window": "rollback_window", "cửa sổ rollback": "rollback_window", "jendela rollback": "rollback_window", "go-live date": "day", "khung giờ": "window", window: "window",
  hypercare: "hypercare", timezone: "timezone", "rollback deadline": "deadline", "hạn rollback": "deadline", "múi giờ": "timezone", language: "language", "ngôn ngữ": "language",
  forecast: "forecast", "recovery time": "recovery",
};

/** Sets what a meta line ("Version: 2", "Rollback window: 2h") says. */
export function meta(d: Draft, key: string, value: string): void {
  const m = d.rb.meta;
  if (key === "version") m.version = value;
  else if (key === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) m.date = value;
  else if (key === "owner") m.owner = value;
  else if (key === "system") m.system = value;
  else if (key === "timezone") m.timezone = value;
  else if (key === "language") m.language = value;
  else if (key === "timeline_date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) d.timeline().date = value;
  else if (key === "rollback_window") {
    const dur = durationOf(value);
    if (dur) d.rollback().window = dur;
  } else if (key === "deadline") {
    const t = clockTime(value);
    if (t) d.timeline().rollback_deadline = t;
  } else if (key === "forecast") applySettings((d.timeline().forecast ??= {}), value, FORECAST_SETTINGS);
  else if (key === "recovery") {
    const r = /^(\S+)\s*(?:→|->)\s*(\S+)\s+within\s+(\S+)$/.exec(value.trim());
    if (r) d.timeline().recovery = { from: r[1] ?? "", to: r[2] ?? "", target: r[3] ?? "" };
  } else if (key === "day") d.timeline().day = value.split(/\s*[(,]/)[0] ?? value;
  else if (key === "window") {
    const [a, b] = value.split(/\s*[-–—]\s*/);
    const start = clockTime(a ?? "");
    const end = clockTime(b ?? "");
    if (start) d.timeline().start = start;
    if (end) d.timeline().end = end;
  } else if (key === "hypercare") {
    const dur = durationIn(value) ?? /^(\d+)\s*h/.exec(value)?.[0];
    d.rb.hypercare = { ...(dur ? { duration: dur.replace(/\s+/g, "") } : {}), description: value };
  } else (m.facts ??= []).push({ name: key, value });
}
