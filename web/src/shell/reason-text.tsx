import { List, type ListProps } from "@mantine/core";
import { useMemo } from "react";
import type { Reason } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { reasonIn } from "../i18n/reasons/say.ts";
import { useOptionalRunData } from "./run-data.tsx";
import { InlineText } from "./inline-text.tsx";

const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Says the engine's reasons in the reader's language, times in the run's zone (the browser's outside a run). */
export function useSayReason(): (r: Reason) => string {
  const { lang, locale } = useI18n();
  const run = useOptionalRunData();
  const tz = run?.tz ?? BROWSER_ZONE;
  const day = run?.status.status.run.date ?? run?.status.status.timeline?.date;
  return useMemo(() => reasonIn(lang, { tz, locale, day }), [lang, locale, tz, day]);
}

/** A list of reasons, each marked with its code (the e2e test finds them by it). */
export function ReasonList({ reasons, ...props }: { reasons: Reason[] } & ListProps) {
  const say = useSayReason();
  return (
    <List className="reasons" {...props}>
      {reasons.map((r, i) => (
        <List.Item key={`${i}:${r.text}`} data-reason={r.code}>
          <InlineText text={say(r)} />
        </List.Item>
      ))}
    </List>
  );
}
