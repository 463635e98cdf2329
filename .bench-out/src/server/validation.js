import { z } from "zod";
// Route schemas are zod schemas: zod validates requests (one set of rules shared with clients),
// and @fastify/swagger gets their JSON Schema form for /openapi.json.
/** Makes Fastify validate with zod and report issues in the catalogue's shape. */
export function installZodValidation(app) {
    app.setValidatorCompiler(({ schema }) => {
        const zs = schema;
        return (data) => {
            const r = zs.safeParse(data);
            if (r.success)
                return { value: r.data };
            const issues = r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
            const first = issues[0];
            const error = Object.assign(new Error(first ? `${first.path || "body"}: ${first.message}` : "invalid request"), { issues });
            return { error };
        };
    });
}
/** JSON Schema (OpenAPI 3.0 flavour) of a zod schema, for the docs. */
export function toOpenApiSchema(schema) {
    if (!(schema instanceof z.ZodType))
        return schema;
    return z.toJSONSchema(schema, { target: "openapi-3.0", io: "input", unrepresentable: "any" });
}
