import { verifyChain, type ChainVerdict } from "./audit-chain.ts";
import type { Store } from "./store.ts";

/** Recomputes the store's whole audit chain, page by page. */
export async function verifyStoreAudit(store: Store, pageSize = 1000): Promise<ChainVerdict> {
  const head = await store.auditHead();
  return verifyChain((afterSeq) => store.listAudit({ afterSeq, limit: pageSize }), head);
}
