function defOf(schema) {
    return schema._zod.def;
}
/** Unwraps optional/default/lazy/pipe wrappers down to the schema that holds the shape. */
function unwrap(schema) {
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
export function keysAt(root, path) {
    let current = unwrap(root);
    for (const k of path) {
        const next = [];
        for (const s of current) {
            const def = defOf(s);
            if (def.type === "object" && typeof k === "string" && def.shape?.[k])
                next.push(...unwrap(def.shape[k]));
            else if (def.type === "array" && typeof k === "number" && def.element)
                next.push(...unwrap(def.element));
            else if (def.type === "record" && def.valueType)
                next.push(...unwrap(def.valueType));
        }
        current = next;
    }
    const keys = new Set();
    for (const s of current) {
        const def = defOf(s);
        if (def.type === "object" && def.shape)
            for (const key of Object.keys(def.shape))
                keys.add(key);
    }
    return [...keys];
}
