import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { migrate, SqlStore } from "./sql-store.js";
/** Connects to PostgreSQL at `url` (a pool) and migrates the schema. */
export async function openPostgresStore(url, opts = {}) {
    const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
    // An idle client losing its connection must not crash the server; the next query reconnects.
    pool.on("error", () => undefined);
    const db = drizzle(pool);
    try {
        await migrate(db);
    }
    catch (e) {
        await pool.end();
        throw e;
    }
    const store = new SqlStore("postgres", db, () => pool.end());
    store.listen = (onChange, onState) => listenWithRetry(url, onChange, onState ?? (() => undefined));
    return store;
}
/** Backoff before reconnect n (1-based): 250 ms doubling, at most 10 s. */
export function listenBackoff(attempt) {
    return Math.min(10_000, 250 * 2 ** (attempt - 1));
}
/**
 * LISTEN on a connection of its own, re-established with backoff whenever it drops (PostgreSQL
 * restarted, a network cut): `onState(false)` when it is lost, `onState(true)` and one `onChange()`
 * (to read what was missed meanwhile) when it is back. Resolves once the first LISTEN is in.
 */
async function listenWithRetry(url, onChange, onState) {
    let stopped = false;
    let client = null;
    let retry = null;
    let attempt = 0;
    const connect = async () => {
        const c = new pg.Client({ connectionString: url });
        let lost = false;
        const onLost = () => {
            if (lost)
                return;
            lost = true;
            if (client === c)
                client = null;
            void c.end().catch(() => undefined);
            if (stopped)
                return;
            onState(false);
            schedule();
        };
        c.on("error", onLost);
        c.on("end", onLost);
        c.on("notification", () => onChange());
        await c.connect();
        await c.query("LISTEN golive_audit");
        client = c;
        attempt = 0;
        onState(true);
    };
    const schedule = () => {
        if (stopped || retry)
            return;
        attempt++;
        retry = setTimeout(() => {
            retry = null;
            connect().then(() => onChange(), () => schedule());
        }, listenBackoff(attempt));
        retry.unref();
    };
    await connect();
    return async () => {
        stopped = true;
        if (retry)
            clearTimeout(retry);
        await client?.end().catch(() => undefined);
    };
}
