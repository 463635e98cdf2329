import type { Entry, ListBlock } from "./blocks.ts";
import type { Draft, SectionIn } from "./draft.ts";
import { slug } from "./text.ts";

// The parts of a go-live document that are a form to fill in rather than a list of tasks: a
// decision with its choices ("Freigabe: ☐ ja ☐ nein", "Deploy autorizado: YES / NO"), the
// signatures an approval section collects ("Tech Lead: ________ Fecha: ____"), and a table of
// contents (links to the document's own headings). A decision becomes an open item (nobody may
// read GO before someone records it), a signature line a sign-off of the role it names, a table of
// contents nothing (it is reported, not dropped silently).

const BOX = "[□☐⬜☑☒]\\uFE0F?";
const YES = "yes|ja|sí|si|sim|có|ya|oui|go|approved";
const NO = "no|nein|não|nao|không|tidak|non|no-go|rejected";
/** "Label: ☐ ja ☐ nein": a label, then two or more choices each behind a checkbox. */
const BOXED_CHOICES = new RegExp(`^([^:]{2,60}?)\\s*[:?]\\s*((?:${BOX}\\s*[^□☐⬜☑☒]+?\\s*){2,})$`, "u");
/** "Deploy autorizado: YES / NO", "Proceed? YES / NO". */
const YES_NO = new RegExp(`^([^:?]{2,60}?)\\s*[:?]\\s*(?:\\*\\*)?\\s*((?:${YES})\\s*/\\s*(?:${NO}))\\s*(?:\\*\\*)?$`, "iu");
/** "Tech Lead: ______ Fecha: ____", "QA: [Name]", "Developer:" — a name still to be written. */
const SIGN_LINE = /^([^:_[\]]{2,40}?)\s*:\s*(?:_{3,}|\[[^\]]*\])?\s*(?:(?:fecha|date|datum|data|ngày|tanggal|date de signature)\s*:\s*(?:_{2,}|\[[^\]]*\])?\s*)?$/iu;

/** A decision line: its label and choices as written, with the first (affirmative) choice; undefined when it is none. */
export function decisionLine(text: string): { label: string; choices: string; first: string } | undefined {
  const t = text.replace(/\*\*/g, "").trim();
  const m = BOXED_CHOICES.exec(t) ?? YES_NO.exec(t);
  if (!m) return undefined;
  const choices = (m[2] ?? "").trim();
  const first = choices.replace(new RegExp(`^${BOX}\\s*`, "u"), "").split(/\s*(?:\/|[□☐⬜☑☒])\s*/u)[0]?.trim() ?? "";
  return { label: (m[1] ?? "").trim(), choices, first };
}

/** Adds a decision line as an open item of the current section (a choice never reads as made). */
export function placeDecision(d: Draft, text: string): boolean {
  const dec = decisionLine(text);
  if (!dec) return false;
  const section = d.section();
  section.items.push({ id: d.itemId(section, undefined), title: `${dec.label}: ${dec.first}`, done: false, notes: `${dec.label}: ${dec.choices}` });
  d.count("items");
  d.count("decisions_to_record");
  return true;
}

/** The role a signature line names ("Tech Lead: ____ Fecha: ____"), undefined when it is none. */
export function signLine(text: string): string | undefined {
  const m = SIGN_LINE.exec(text.replace(/\*\*/g, "").trim());
  return m ? (m[1] ?? "").trim() : undefined;
}

/**
 * Under an approval heading, a list whose every entry is a signature line: one sign-off per line,
 * of the role it names. False (nothing placed) when some entry is not a signature line.
 */
export function placeSignLines(d: Draft, b: ListBlock): boolean {
  const roles = b.items.map((e) => (e.children.length || e.checked !== null ? undefined : signLine(e.text)));
  if (!roles.length || roles.some((r) => !r)) return false;
  b.items.forEach((e, i) => {
    const title = roles[i] as string;
    const role = d.role(title.replace(/\s*\([^)]*\)\s*$/, ""));
    if (!role) return d.skip(e.line, "list item", "sign-off without a role", e.text);
    d.rb.signoffs.push({ id: d.id("signoff", undefined, slug(title, 32) || `SO-${d.rb.signoffs.length + 1}`), title, role });
    d.count("signoffs");
  });
  return true;
}

/** A blank to fill in after a label: `Signature: ______`, `Name: [Name]`, `Date: …`. */
const BLANK_FIELD = /([^:_*[\]]{2,30}?)\s*:\s*(?:_{3,}|\[[^\]]*\]|\.{3,}|…+)/gu;
/** Labels that ask for a signature. */
const SIGNATURE = /^(?:signature|signed|signed by|sign here|chữ ký|ký tên|người ký|tanda tangan|ttd|firma|firmado|assinatura|assinado|unterschrift|unterschrieben|signé|signé par|署名|签名|签字|サイン)$/iu;

/** What else a signature form asks: who signs, in which role, when. */
const FORM_LABEL = /^(?:role|name|full name|date|title|position|vai trò|chức vụ|họ tên|họ và tên|tên|ngày|peran|jabatan|nama|tanggal|rolle|funktion|name|datum|rôle|nom|fonction|rol|cargo|nombre|fecha|função|nome|data|役割|氏名|日付|角色|姓名|日期)$/iu;

/**
 * A signature form anywhere in the document (`**Signature**: ____ **Date**: ____`, then
 * `**Role**: ____ **Name**: ____`): every line is blanks to fill in and one label asks for a
 * signature. Each signature asked for is a sign-off to collect, of the default role (the form
 * names no role), so that the document never reads GO unsigned. Lines of blanks that only ask
 * who signs and when (`Role: ____ Name: ____`), after such a form, are part of it. False when the
 * lines are no such form.
 */
export function placeSignatureForm(d: Draft, lines: string[]): boolean {
  const labels: string[] = [];
  for (const line of lines) {
    const plain = line.replace(/\*\*/g, "");
    const here = [...plain.matchAll(BLANK_FIELD)].map((m) => (m[1] ?? "").trim());
    if (!here.length || plain.replace(BLANK_FIELD, "").trim()) return false;
    labels.push(...here);
  }
  const signatures = labels.filter((l) => SIGNATURE.test(l));
  if (!signatures.length) {
    if (!d.counts.get("signature_forms") || !labels.every((l) => FORM_LABEL.test(l))) return false;
    d.count("signature_form_lines");
    return true;
  }
  const role = d.defaultRole();
  for (const title of signatures) {
    d.rb.signoffs.push({ id: d.id("signoff", undefined, slug(title, 32) || `SO-${d.rb.signoffs.length + 1}`), title, role });
    d.count("signoffs");
    d.count("signature_forms");
  }
  return true;
}

/** A list of links to the document's own headings: its table of contents, reported and not placed. */
export function skipContents(d: Draft, b: ListBlock): boolean {
  const toc = (e: Entry): boolean => !!e.anchor && e.children.every(toc);
  if (!b.items.length || !b.items.every(toc)) return false;
  d.skip(b.line, "list", "a table of contents (links to the document's own headings)", b.items.map((e) => e.text).join(", "));
  return true;
}

/**
 * Headings that say what is under them is not needed for go: "Nice to have", "Souhaitables …
 * pas bloquants", "Optional", and the checklists that apply only after a NO-GO decision ("Si
 * NO-GO", "If no-go"). Only these words count; a checklist that applies after GO stays required.
 */
const OPTIONAL_HEADING = /\b(?:nice[ -]to[ -]have|optional|not blocking|non[ -]blocking|souhaitables?|facultatif|facultatifs|pas bloquants?|wünschenswert|optionale?|deseables?|opcionales?|desejáveis|desejável|opcionais|tùy chọn|không bắt buộc|opsional|tidak wajib)\b|\b(?:if|si|se|falls|wenn|jika|nếu|en cas de|in case of)\s+(?:a\s+)?no[ -]go\b/iu;

/** Marks optional every item under a heading that says its checklist is not needed for go (counted in the report). */
export function optionalByHeading(d: Draft): void {
  const walk = (list: SectionIn[], inherited: boolean) => {
    for (const s of list) {
      const optional = inherited || OPTIONAL_HEADING.test(s.title ?? "");
      if (optional) {
        for (const item of s.items) {
          if (item.optional !== undefined) continue;
          item.optional = true;
          d.count("optional_by_heading");
        }
      }
      walk(s.sections ?? [], optional);
    }
  };
  walk(d.rb.sections, false);
}
