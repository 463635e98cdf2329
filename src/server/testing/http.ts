import type { Caller } from "./fixture.ts";

/** An answer over real HTTP: status, the body parsed as JSON (empty object when it is not JSON), and its text. */
export interface HttpAnswer<T> {
  status: number;
  json: T;
  text: string;
}

/** Calls a listening server at `base` as `caller` (its cookie and CSRF header, or its token). */
export async function httpCall<T>(base: string, caller: Caller, method: string, path: string, body?: unknown): Promise<HttpAnswer<T>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...caller.headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = {} as T;
  try {
    json = JSON.parse(text) as T;
  } catch {
    // Not JSON: tests that read it fail on their own expectations.
  }
  return { status: res.status, json, text };
}
