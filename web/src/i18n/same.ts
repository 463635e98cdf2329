/** Keys whose text is a proper name, a symbol or an id: the same in every language. */
export const SAME_IN_EVERY_LANGUAGE: ReadonlySet<string> = new Set(["app.name", "audit.seq", "common.none", "common.id", "notify.kind.webhook", "notify.kind.slack"]);
