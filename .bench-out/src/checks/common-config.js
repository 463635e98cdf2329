import { z } from "zod";
/** A string that may hold `${env:NAME}` references to secrets in the environment. */
export const Secretable = z.string().min(1);
export const Duration = z
    .string()
    .regex(/^(\d+(\.\d+)?(ms|s|m|h|d))+$/, "a duration such as 500ms, 5s or 2m");
export const Port = z.union([z.number().int().min(1).max(65535), z.string().regex(/^(\d+|\$\{env:[A-Za-z_][A-Za-z0-9_]*\})$/)]);
