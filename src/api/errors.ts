// The error catalogue: every error the API returns, with its stable code and HTTP status, in one
// place. docs/errors.md lists each code (a test checks it). Codes are never renamed or reused.

export const errorCatalogue = {
  GOLIVE_E_VALIDATION: { status: 400, message: "The request does not match its schema." },
  GOLIVE_E_BAD_JSON: { status: 400, message: "The request body is not valid JSON." },
  GOLIVE_E_UNAUTHENTICATED: { status: 401, message: "Sign in or send an API token." },
  GOLIVE_E_LOGIN_FAILED: { status: 401, message: "Unknown user or wrong password." },
  GOLIVE_E_FORBIDDEN: { status: 403, message: "Your role does not allow this." },
  GOLIVE_E_TOKEN_SCOPE: { status: 403, message: "The API token's scope does not allow this." },
  GOLIVE_E_ASSIGN_FORBIDDEN: { status: 403, message: "Only an admin or a member of a role that assigns (roles[].assigns) may change who acts in this run's roles." },
  GOLIVE_E_ASSIGN_SELF: { status: 403, message: "Nobody assigns a role to themselves: another assigner or an admin must." },
  GOLIVE_E_NOT_OWNER: { status: 403, message: "Only a member of the item's owner role may set it (an admin may, recorded as an override)." },
  GOLIVE_E_CSRF: { status: 403, message: "Missing or wrong CSRF token (send the golive_csrf cookie's value in X-CSRF-Token)." },
  GOLIVE_E_NOT_FOUND: { status: 404, message: "No such resource." },
  GOLIVE_E_ROUTE_NOT_FOUND: { status: 404, message: "No such route." },
  GOLIVE_E_CONFLICT: { status: 409, message: "The run changed since you read it: reload and try again." },
  GOLIVE_E_DUPLICATE: { status: 409, message: "A resource with this id exists already." },
  GOLIVE_E_LAST_ADMIN: { status: 409, message: "This would leave no enabled admin account." },
  GOLIVE_E_NOT_APPROVED: { status: 409, message: "This runbook text has no approval to withdraw." },
  GOLIVE_E_APPROVAL_REQUIRED: { status: 409, message: "These command checks await an admin's approval of the runbook; nothing ran." },
  GOLIVE_E_PAYLOAD_TOO_LARGE: { status: 413, message: "The request body is too large." },
  GOLIVE_E_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "Send application/json." },
  GOLIVE_E_REFUSED: { status: 422, message: "The runbook's rules refuse this now; see details.reasons." },
  GOLIVE_E_RUNBOOK_INVALID: { status: 422, message: "The runbook is not valid; see details.diagnostics." },
  GOLIVE_E_UNKNOWN_REFERENCE: { status: 422, message: "The runbook has no such item, check, gate, wave, step, checkpoint, sign-off, criterion, phase or waiver policy." },
  GOLIVE_E_RATE_LIMITED: { status: 429, message: "Too many attempts; wait and try again." },
  GOLIVE_E_INTERNAL: { status: 500, message: "Internal error." },
  GOLIVE_E_UNAVAILABLE: { status: 503, message: "The store is not reachable." },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** The one error shape of every non-2xx JSON response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}
