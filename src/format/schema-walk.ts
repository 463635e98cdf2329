import type { z } from "zod";

type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; getter?: () => z.ZodType; innerType?: z.ZodType; options?: z.ZodType[]; in?: z.ZodType; valueType?: z.ZodType };

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Unwraps optional/default/lazy/pipe wrappers down to the schema that holds the shape. */
function unwrap(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  switch (def.type) {
    case "optional":
    case "default":
    case "prefault":
    case "nullable":
    case "readonly":
    case "nonoptional":
      return def.innerType ? unwrap(def.innerType) : [];
    case "lazy":
      return def.getter ? unwrap(def.getter()) : [];
    case "pipe":
      return def.in ? unwrap(def.in) : [];
    case "union":
      return (def.options ?? []).flatMap(unwrap);
    default:
      return [schema];
  }
}

/** The keys an object schema accepts at `path`, for "did you mean" hints on unknown keys. */
export function keysAt(root: z.ZodType, path: (string | number)[]): string[] {
  let current = unwrap(root);
  for (const k of path) {
    const next: z.ZodType[] = [];
    for (const s of current) {
      const def = defOf(s);
      if (def.type === "object" && typeof k === "string" && def.shape?.[k]) next.push(...unwrap(def.shape[k]));
      else if (def.type === "array" && typeof k === "number" && def.element) next.push(...unwrap(def.element));
      else if (def.type === "record" && def.valueType) next.push(...unwrap(def.valueType));
    }
    current = next;
  }
  const keys = new Set<string>();
  for (const s of current) {
    const def = defOf(s);
    if (def.type === "object" && def.shape) for (const key of Object.keys(def.shape)) keys.add(key);
  }
  return [...keys];
}
