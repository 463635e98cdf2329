import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "./client.ts";
import type { ItemsPage, ItemStatus, AuditEventView, ChainVerdict, Me, NotificationsView, RunbookDetail, RunDetail, RunSummary, StatusPayload, TokenView, UserView } from "./types.ts";

/** Query keys: everything of one run lives under ["run", id] so one event refreshes it all. */
export const keys = {
  me: ["me"] as const,
  runs: ["runs"] as const,
  run: (id: string) => ["run", id] as const,
  status: (id: string) => ["run", id, "status"] as const,
  detail: (id: string) => ["run", id, "detail"] as const,
  audit: (id: string) => ["run", id, "audit"] as const,
  notifications: (id: string) => ["run", id, "notifications"] as const,
  verify: ["audit-verify"] as const,
  runbook: (hash: string) => ["runbook", hash] as const,
  tokens: ["tokens"] as const,
  users: ["users"] as const,
};

/** Who is signed in; null when nobody is. */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        return await api<Me>("GET", "/api/auth/me");
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export function useRuns() {
  return useQuery({ queryKey: keys.runs, queryFn: () => api<RunSummary[]>("GET", "/api/runs") });
}

/** The engine's status of a run, received at `receivedAt` (client clock) for countdowns. */
export function useStatus(runId: string) {
  return useQuery({
    queryKey: keys.status(runId),
    queryFn: async () => ({ ...(await api<StatusPayload>("GET", `/api/runs/${encodeURIComponent(runId)}/status`)), receivedAt: Date.now() }),
    // Time-driven states (overdue, soak, deadlines) change without events.
    refetchInterval: 30_000,
  });
}

/** Items per page of GET /api/runs/:id/status/items (its maximum). */
const ITEMS_PAGE = 2_000;

/**
 * Every item's status. A huge runbook's status carries its first items only (`items_page`): the rest
 * are read page by page, once per state the status reports (its hash and time).
 */
export function useAllItems(runId: string, payload: StatusPayload): { items: ItemStatus[]; loading: boolean } {
  const paged = payload.items_page !== undefined && payload.items_page.total > payload.status.items.length;
  const q = useQuery({
    queryKey: [...keys.status(runId), "items", payload.state_hash, payload.status.now],
    enabled: paged,
    queryFn: async () => {
      const out: ItemStatus[] = [];
      for (let offset = 0; ; offset += ITEMS_PAGE) {
        const page = await api<ItemsPage>("GET", `/api/runs/${encodeURIComponent(runId)}/status/items?offset=${offset}&limit=${ITEMS_PAGE}`);
        out.push(...page.items);
        if (page.items.length < ITEMS_PAGE || out.length >= page.total) return out;
      }
    },
    placeholderData: (prev) => prev,
  });
  if (!paged) return { items: payload.status.items, loading: false };
  return { items: q.data ?? payload.status.items, loading: q.data === undefined };
}

/** The run with its facts (histories, evidence, incident updates). */
export function useRunDetail(runId: string) {
  return useQuery({ queryKey: keys.detail(runId), queryFn: () => api<RunDetail>("GET", `/api/runs/${encodeURIComponent(runId)}`) });
}

/** The run's runbook (expanded); immutable per hash. */
export function useRunbook(hash: string | undefined) {
  return useQuery({
    queryKey: keys.runbook(hash ?? ""),
    queryFn: () => api<RunbookDetail>("GET", `/api/runbooks/${hash ?? ""}`),
    enabled: hash !== undefined,
    staleTime: Infinity,
  });
}

export function useAudit(runId: string) {
  return useQuery({
    queryKey: keys.audit(runId),
    queryFn: async () => (await api<{ events: AuditEventView[] }>("GET", `/api/audit?run=${encodeURIComponent(runId)}&limit=1000`)).events,
  });
}

/** A run's notification channels and delivery log; refreshed with the run, and every 10 s for retries. */
export function useNotifications(runId: string) {
  return useQuery({ queryKey: keys.notifications(runId), queryFn: () => api<NotificationsView>("GET", `/api/runs/${encodeURIComponent(runId)}/notifications`), refetchInterval: 10_000 });
}

export function useAuditVerify(enabled: boolean) {
  return useQuery({ queryKey: keys.verify, queryFn: () => api<ChainVerdict>("GET", "/api/audit/verify"), enabled });
}

export function useTokens() {
  return useQuery({ queryKey: keys.tokens, queryFn: () => api<TokenView[]>("GET", "/api/tokens") });
}

/** Every account (admins only). */
export function useUsers(enabled: boolean) {
  return useQuery({ queryKey: keys.users, queryFn: () => api<UserView[]>("GET", "/api/users"), enabled });
}

/** A write on a run; afterwards (success or refusal) the run is read again. */
export function useRunWrite(runId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (req: { method?: string; path: string; body?: unknown }) => api<unknown>(req.method ?? "POST", `/api/runs/${encodeURIComponent(runId)}${req.path}`, req.body ?? {}),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.run(runId) }),
  });
}
