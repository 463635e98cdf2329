import type { ErrorBody, ErrorCode, Reason } from "./types.ts";

/** A non-2xx answer of the API, with its stable code and the engine's reasons when refused. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "NETWORK",
    message: string,
    readonly reasons: Reason[] = [],
  ) {
    super(message);
  }
}

function csrfToken(): string | undefined {
  for (const part of document.cookie.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === "golive_csrf") return decodeURIComponent(v.join("="));
  }
  return undefined;
}

function isReason(r: unknown): r is Reason {
  return !!r && typeof r === "object" && "code" in r && typeof r.code === "string" && "text" in r && typeof r.text === "string" && "params" in r;
}

/** The engine's structured reasons of a refusal (anything else in `details` is not a reason). */
function reasonsOf(details: unknown): Reason[] {
  if (details && typeof details === "object" && "reasons" in details && Array.isArray(details.reasons)) {
    return details.reasons.filter(isReason);
  }
  return [];
}

/** Calls the API: JSON in and out, the session cookie, and the CSRF header on every write. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET") {
    const csrf = csrfToken();
    if (csrf) headers["x-csrf-token"] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: "same-origin", ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch (e) {
    throw new ApiError(0, "NETWORK", e instanceof Error ? e.message : String(e));
  }
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const err = (json as Partial<ErrorBody> | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? "GOLIVE_E_INTERNAL", err?.message ?? res.statusText, reasonsOf(err?.details));
  }
  return json as T;
}
