import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { chainLink, CHAIN_GENESIS } from "./fact-fold.js";
import * as t from "./schema.js";
const PAGE = 1000;
/** Links every fact written before the chain existed (migration 21), run by run, in version order. */
export async function backfillChains(tx) {
    const runs = await tx.selectDistinct({ runId: t.facts.runId }).from(t.facts).where(isNull(t.facts.chain));
    for (const { runId } of runs) {
        let chain = CHAIN_GENESIS;
        for (let after = 0;;) {
            const page = await tx.select({ version: t.facts.version, kind: t.facts.kind, data: t.facts.data }).from(t.facts)
                .where(and(eq(t.facts.runId, runId), gt(t.facts.version, after))).orderBy(asc(t.facts.version)).limit(PAGE);
            if (!page.length)
                break;
            for (const f of page) {
                chain = chainLink(chain, f);
                await tx.update(t.facts).set({ chain }).where(and(eq(t.facts.runId, runId), eq(t.facts.version, f.version)));
                after = f.version;
            }
        }
    }
}
