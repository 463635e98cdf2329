/** What a failed HTTP answer means for retrying: 408, 429 and 5xx may pass later; other codes will not. */
export function retryable(status) {
    return status === 408 || status === 429 || status >= 500;
}
/** POSTs a body to a URL: no redirects followed (a hostile receiver cannot bounce it elsewhere), bounded in time, answer body discarded. */
export async function postJson(url, body, headers, timeoutMs, hide) {
    try {
        const res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", "user-agent": "golive-notify/1", ...headers }, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
        await res.body?.cancel().catch(() => undefined);
        if (res.status >= 200 && res.status < 300)
            return { ok: true, status: res.status, retry: false };
        return { ok: false, status: res.status, error: `HTTP ${res.status}`, retry: retryable(res.status) };
    }
    catch (e) {
        const err = e;
        const cause = err.name === "TimeoutError" ? `timeout after ${timeoutMs} ms` : err.cause?.code ?? err.cause?.message ?? err.message;
        return { ok: false, error: hide(String(cause)), retry: true };
    }
}
