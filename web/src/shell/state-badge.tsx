import { Badge } from "@mantine/core";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/i18n.tsx";

const COLORS: Record<string, string> = {
  pass: "green", passing: "green", done: "green", met: "green", passed: "green", given: "green", go: "green", verified: "teal", resolved: "green", active: "grape",
  fail: "red", failed: "red", not_met: "red", no_go: "red", error: "orange", blocked: "orange", rolling_back: "orange", rolled_back: "orange", expired: "gray", open: "blue",
  running: "blue", ready: "cyan", partial: "yellow", waived: "grape", waiting: "gray", pending: "gray", inconclusive: "gray", not_done: "gray", not_applicable: "gray", closed: "gray",
};

/** A state as a coloured, translated badge (the colour is never the only signal: the word is there). */
export function StateBadge({ state, size = "sm" }: { state: string; size?: "xs" | "sm" | "md" | "lg" }) {
  const { t } = useI18n();
  const key = `state.${state}` as MessageKey;
  return (
    <Badge color={COLORS[state] ?? "gray"} variant="light" size={size} data-state={state}>
      {t(key) || state}
    </Badge>
  );
}
