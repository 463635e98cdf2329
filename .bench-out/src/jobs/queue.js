// Background jobs: one interface over two backends. PostgreSQL uses pg-boss (jobs in the database,
// shared by every instance); the embedded store keeps them in this process. Scheduled checks run
// on it, and any other background work (a notification outbox) can too.
import { createHash } from "node:crypto";
/**
 * A job id derived from `parts` (a name-based UUID, RFC 9562 version 8 layout over SHA-256):
 * every instance derives the same id for the same work.
 */
export function jobId(...parts) {
    const h = createHash("sha256").update(JSON.stringify(parts)).digest("hex");
    const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
