import { List, Text } from "@mantine/core";
import type { RequirementStatus } from "../api/types.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n, type Translate } from "../i18n/i18n.tsx";

/** The engine's reason without the "item X" it starts with (the row already names it). */
function shortReason(r: RequirementStatus, t: Translate): string {
  if (!r.reason) return t(`state.${r.state}` as MessageKey) || r.state;
  const lead = `${r.kind} ${r.id} `;
  return r.reason.text.startsWith(lead) ? r.reason.text.slice(lead.length) : r.reason.text;
}

/** Prerequisites with a mark, the state and, when unmet, why. */
export function RequiresList({ requires }: { requires: RequirementStatus[] }) {
  const { t } = useI18n();
  if (requires.length === 0) return <Text size="sm">—</Text>;
  return (
    <List size="sm" className="reasons" listStyleType="none" p={0}>
      {requires.map((r) => (
        <List.Item key={`${r.kind}:${r.id}`} data-met={r.met ? "yes" : "no"}>
          <span aria-hidden="true">{r.met ? "✔ " : "✘ "}</span>
          <Text span fw={600} c={r.met ? "green" : "red"}>
            {r.id}
          </Text>{" "}
          <Text span size="sm" c="dimmed">
            {t(`kind.${r.kind}`)} · {shortReason(r, t)}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
