type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  default?: unknown;
  additionalProperties?: JsonSchema | boolean;
};

/**
 * A Markdown field reference made from the runbook JSON Schema: one table per object, in the
 * order a reader meets them, each row with the field, its type, whether it is required and what it means.
 */
export function fieldReference(root: Record<string, unknown>): string {
  const schema = root as JsonSchema;
  const defs = schema.$defs ?? {};
  const resolve = (s: JsonSchema): JsonSchema => (s.$ref ? (defs[s.$ref.replace("#/$defs/", "")] ?? s) : s);
  const out: string[] = [];
  const seen = new Set<JsonSchema>();

  const typeOf = (raw: JsonSchema): string => {
    const s = resolve(raw);
    if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
    if (s.enum) return s.enum.map((e) => `\`${String(e)}\``).join(", ");
    const alts = s.anyOf ?? s.oneOf;
    if (alts) return alts.map(typeOf).join(" or ");
    if (s.type === "array") return `list of ${s.items ? typeOf(s.items) : "values"}`;
    if (s.type === "object" && !s.properties) return "map";
    if (s.type === "object") return "object";
    if (s.pattern?.includes("ms|s|m|h|d")) return "duration";
    return Array.isArray(s.type) ? s.type.join(" or ") : (s.type ?? "any");
  };

  const objects: { title: string; schema: JsonSchema }[] = [];
  const collect = (raw: JsonSchema, title: string) => {
    const s = resolve(raw);
    if (seen.has(s)) return;
    if (s.properties) {
      seen.add(s);
      objects.push({ title, schema: s });
      for (const [key, child] of Object.entries(s.properties)) collect(child, `${title === "runbook" ? "" : `${title}.`}${key}`);
      return;
    }
    for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) {
      const r = resolve(alt);
      const kind = r.properties?.kind?.const;
      collect(alt, typeof kind === "string" ? `${title} (kind ${kind})` : title);
    }
    if (s.items) collect(s.items, `${title}[]`);
    if (typeof s.additionalProperties === "object") collect(s.additionalProperties, `${title}.*`);
  };
  collect(schema, "runbook");

  for (const { title, schema: s } of objects) {
    out.push(`\n### \`${title}\`\n`);
    if (s.description) out.push(`${s.description}\n`);
    out.push("| field | type | required | meaning |", "|---|---|---|---|");
    for (const [key, child] of Object.entries(s.properties ?? {})) {
      const c = resolve(child);
      const req = s.required?.includes(key) ? "yes" : "";
      const d = c.default;
      const dflt = typeof d === "string" || typeof d === "number" || typeof d === "boolean" ? ` Default: \`${String(d)}\`.` : "";
      const meaning = `${(c.description ?? child.description ?? "").replace(/\|/g, "\\|")}${dflt}`;
      out.push(`| \`${key}\` | ${typeOf(child).replace(/\|/g, "\\|")} | ${req} | ${meaning} |`);
    }
  }
  return out.join("\n");
}
