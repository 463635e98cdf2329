import pg from "pg";
import { withDeadline } from "../deadline.js";
import { ProbeError } from "../provider.js";
import { describePgError, targetOf } from "./failures.js";
import { plainRow, typeParsers } from "./values.js";
/** Rows kept in `result`; `rows` still counts them all (the rest are counted by the server). */
export const RESULT_ROWS = 100;
/** Statements a server-side cursor can hold: their rows are counted without being sent to us. */
const CURSOR_ABLE = /^\s*(select|with|values|table)\b/i;
/**
 * PostgreSQL: runs the query in a read-only transaction that is always rolled back, with a statement
 * timeout inside the check's timeout; `rows` = row count, `value` = first column of the first row,
 * `result` = the first 100 rows, `plan` = EXPLAIN text when `explain: true`. One statement only
 * (extended protocol), so `COMMIT; DELETE ...` cannot escape the read-only transaction.
 */
export const sqlProvider = {
    kind: "sql",
    async probe(config, ctx) {
        const target = targetOf(config.url);
        return withDeadline(ctx, async (deadline) => {
            const started = performance.now();
            const client = new pg.Client({
                connectionString: config.url,
                connectionTimeoutMillis: ctx.timeoutMs,
                application_name: "golive-check",
                types: typeParsers,
            });
            // A failing socket emits "error" on the client besides rejecting the query: keep it from crashing us.
            client.on("error", () => undefined);
            // On timeout or cancellation, drop the connection: the pending query rejects at once.
            const onAbort = () => {
                client.connection?.stream?.destroy();
            };
            deadline.signal.addEventListener("abort", onAbort, { once: true });
            try {
                await client.connect();
                await client.query("BEGIN READ ONLY");
                const remaining = ctx.timeoutMs - (performance.now() - started);
                // The server cancels a bit before our own deadline, so the cause is "statement timeout".
                const statementMs = Math.max(1, Math.floor(remaining - Math.min(250, ctx.timeoutMs * 0.05)));
                await client.query(`SET LOCAL statement_timeout = ${statementMs}`);
                await client.query(`SET LOCAL lock_timeout = ${statementMs}`);
                const values = config.explain || config.analyze ? await explain(client, config) : await select(client, config);
                await client.query("ROLLBACK");
                return { ...values, latency: performance.now() - started };
            }
            catch (err) {
                if (err instanceof ProbeError)
                    throw err;
                if (deadline.signal.aborted)
                    throw new ProbeError(deadline.reason());
                throw new ProbeError(describePgError(err, { target, timeoutMs: ctx.timeoutMs, url: config.url }));
            }
            finally {
                deadline.signal.removeEventListener("abort", onAbort);
                await client.end().catch(() => undefined);
            }
        });
    },
    explain(values) {
        if (values.rows === 0 && !("plan" in values))
            return "the query returned no rows";
        return undefined;
    },
};
/** The extended protocol (pg's `queryMode`, missing from its types) refuses several statements in one text. */
function extended(query) {
    return Object.assign(query, { queryMode: "extended" });
}
async function select(client, config) {
    if (!CURSOR_ABLE.test(config.query)) {
        const res = await client.query(extended({ text: config.query, values: config.params }));
        return shape(res.rows, res.fields, res.rows.length || (res.rowCount ?? 0));
    }
    await client.query(extended({ text: `DECLARE golive_check NO SCROLL CURSOR FOR ${config.query}`, values: config.params }));
    const first = await client.query(`FETCH ${RESULT_ROWS} FROM golive_check`);
    let total = first.rows.length;
    if (total === RESULT_ROWS)
        total += (await client.query("MOVE FORWARD ALL IN golive_check")).rowCount ?? 0;
    return shape(first.rows, first.fields, total);
}
function shape(rows, fields, total) {
    const kept = rows.slice(0, RESULT_ROWS).map(plainRow);
    const firstColumn = fields[0]?.name;
    const values = { rows: total, result: kept };
    if (kept[0] !== undefined && firstColumn !== undefined)
        values.value = kept[0][firstColumn];
    return values;
}
async function explain(client, config) {
    const options = config.analyze ? "ANALYZE, FORMAT TEXT" : "FORMAT TEXT";
    const res = await client.query(extended({ text: `EXPLAIN (${options}) ${config.query}`, values: config.params, rowMode: "array" }));
    const plan = res.rows.map((r) => String(r[0])).join("\n");
    return { plan };
}
