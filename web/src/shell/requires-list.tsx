import { List, Text } from "@mantine/core";
import type { RequirementStatus } from "../api/types.ts";

/** Prerequisites with a mark, the state and, when unmet, why. */
export function RequiresList({ requires }: { requires: RequirementStatus[] }) {
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
            {r.reason ?? `${r.kind} · ${r.state}`}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
