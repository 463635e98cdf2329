import { List, Text } from "@mantine/core";
import type { Reason, RequirementStatus } from "../api/types.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { REASON_LANGUAGES } from "../i18n/reasons/say.ts";
import { useSayReason } from "./reason-text.tsx";

// The row names the prerequisite already: "gate G-1 pending: …" shows as "pending: …".
const NAMES_ITS_SUBJECT = new Set<Reason["code"]>(["requirement.state", "requirement.gate", "requirement.signoff"]);

/** Prerequisites with a mark, the state and, when unmet, why. */
export function RequiresList({ requires }: { requires: RequirementStatus[] }) {
  const { t, lang } = useI18n();
  const say = useSayReason();
  const why = (r: RequirementStatus): string => {
    const state = t(`state.${r.state}` as MessageKey);
    if (!r.reason) return state;
    if (!NAMES_ITS_SUBJECT.has(r.reason.code)) {
      // "‘Backup taken’ is not done" in the row of that item: "is not done" (in each language's words).
      const text = say(r.reason);
      const lead = [r.title === undefined ? "" : `‘${r.title}’ `, `${t(`kind.${r.kind}`)} ${r.id} `].find((l) => l && text.startsWith(l));
      return lead ? text.slice(lead.length) : text;
    }
    const causes = (r.reason.causes ?? []).map(say);
    const more = "more" in r.reason.params ? r.reason.params.more : 0;
    const text = causes.length ? `${state}: ${causes.join("; ")}` : state;
    return more > 0 ? `${text} ${REASON_LANGUAGES[lang].more(more)}` : text;
  };
  if (requires.length === 0) return <Text size="sm">—</Text>;
  return (
    <List size="sm" className="reasons" listStyleType="none" p={0}>
      {requires.map((r) => (
        <List.Item key={`${r.kind}:${r.id}`} data-met={r.met ? "yes" : "no"} {...(r.reason ? { "data-reason": r.reason.code } : {})}>
          <span aria-hidden="true">{r.met ? "✔ " : "✘ "}</span>
          <Text span fw={600} c={r.met ? "green" : "red"} title={r.id}>
            {r.title ?? r.id}
          </Text>{" "}
          <Text span size="sm" c="dimmed">
            {t(`kind.${r.kind}`)} · {why(r)}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
