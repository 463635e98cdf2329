/** Signs in to a running server over HTTP; returns the headers a write needs (cookie, CSRF token, JSON). */
export async function signIn(base: string, user: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user, password }) });
  if (res.status !== 200) throw new Error(`login: ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrf_token } = (await res.json()) as { csrf_token: string };
  return { cookie, "x-csrf-token": csrf_token, "content-type": "application/json" };
}
