import { verifyChain } from "./audit-chain.js";
/** Recomputes the store's whole audit chain, page by page. */
export async function verifyStoreAudit(store, pageSize = 1000) {
    const head = await store.auditHead();
    return verifyChain((afterSeq) => store.listAudit({ afterSeq, limit: pageSize }), head);
}
