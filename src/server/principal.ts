import type { GlobalRole, TokenScope } from "../store/store.ts";

/** Who is calling: resolved from a session cookie or an API token. */
export interface Principal {
  user: string;
  role: GlobalRole;
  via: "session" | "token";
  /** Tokens are read or write; sessions are write (the role still limits them). */
  scope: TokenScope;
  /** The session's CSRF token (sessions only). */
  csrf?: string;
  sessionHash?: string;
  /** The API token's id (tokens only): named in logs and in the audit event of a refusal, never its secret. */
  tokenId?: string;
}
