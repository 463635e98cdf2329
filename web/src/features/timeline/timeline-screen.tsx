import { Badge, Button, Group, Stack, Text, Title } from "@mantine/core";
import { useRunWrite } from "../../api/queries.ts";
import type { PhaseStatus } from "../../api/types.ts";
import { formatMinutes, formatTime } from "../../format/time.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { EmptyState } from "../../shell/empty-state.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { useRunData } from "../../shell/run-data.tsx";
import { StateBadge } from "../../shell/state-badge.tsx";
import { useServerNow } from "../../shell/use-now.ts";
import { CheckpointCard } from "./checkpoint-card.tsx";

interface Span {
  from: number;
  to: number;
}

function ms(iso: string | undefined): number | undefined {
  return iso ? Date.parse(iso) : undefined;
}

/** Percent position of a span on the day's axis (inline styles set through the DOM pass the CSP). */
function bar(span: Span, axis: Span) {
  const w = axis.to - axis.from || 1;
  return { left: `${((span.from - axis.from) / w) * 100}%`, width: `${Math.max(0.8, ((span.to - span.from) / w) * 100)}%` };
}

function PhaseRow({ p, axis, now }: { p: PhaseStatus; axis: Span | undefined; now: number }) {
  const { t, locale } = useI18n();
  const { runId, tz, canWrite, status } = useRunData();
  const write = useRunWrite(runId);
  const ps = ms(p.plannedStart);
  const pe = ms(p.plannedEnd) ?? ps;
  const as = ms(p.actualStart);
  const ae = ms(p.actualEnd) ?? (as !== undefined ? now : undefined);
  const mark = (which: "started_at" | "ended_at") => write.mutate({ path: `/phases/${encodeURIComponent(p.id)}`, body: { version: status.version, [which]: new Date(now).toISOString() } });
  return (
    <div className="timeline-phase" data-state={p.state} data-testid={`phase-${p.id}`}>
      <Group gap="xs">
        <Text fw={600}>{p.title}</Text>
        <StateBadge state={p.state} />
        {p.late && <Badge color="red">{t("timeline.late")}</Badge>}
        {p.slippageMinutes ? (
          <Text size="sm" c={p.slippageMinutes > 0 ? "red" : "green"}>
            {t("overview.slip", { time: formatMinutes(p.slippageMinutes, locale) })}
          </Text>
        ) : null}
      </Group>
      <Text size="sm">
        {t("timeline.planned")}: {formatTime(p.plannedStart, tz, locale)} – {formatTime(p.plannedEnd, tz, locale)} · {t("timeline.actual")}: {formatTime(p.actualStart, tz, locale)} – {formatTime(p.actualEnd, tz, locale)}
      </Text>
      {axis && ps !== undefined && pe !== undefined && (
        <div className="timeline-track" aria-hidden="true">
          <div className="timeline-planned" style={bar({ from: ps, to: pe }, axis)} />
          {as !== undefined && ae !== undefined && <div className="timeline-actual" style={bar({ from: as, to: ae }, axis)} />}
          {now >= axis.from && now <= axis.to && <div className="timeline-now" style={{ left: `${((now - axis.from) / (axis.to - axis.from)) * 100}%` }} />}
        </div>
      )}
      {canWrite && p.state !== "done" && (
        <Group gap="xs" mt={4}>
          {p.state === "pending" && (
            <Button size="xs" variant="light" onClick={() => mark("started_at")}>
              {t("timeline.markStart")}
            </Button>
          )}
          {p.state === "running" && (
            <Button size="xs" variant="light" onClick={() => mark("ended_at")}>
              {t("timeline.markEnd")}
            </Button>
          )}
        </Group>
      )}
      <ErrorAlert error={write.error} />
      {p.checkpoint && <CheckpointCard cp={p.checkpoint} />}
    </div>
  );
}

/** Phases and checkpoints on the day's time axis: planned against actual, decisions. */
export default function TimelineScreen() {
  const { t, locale } = useI18n();
  const { status, tz } = useRunData();
  const s = status.status;
  const now = useServerNow(s.now, status.receivedAt);
  const phases = s.timeline?.phases ?? [];
  const times = phases.flatMap((p) => [p.plannedStart, p.plannedEnd, p.actualStart, p.actualEnd]).map(ms).filter((x): x is number => x !== undefined);
  const axis = times.length ? { from: Math.min(...times), to: Math.max(...times, Math.min(now, Math.max(...times) + 3_600_000)) } : undefined;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("timeline.title")}
      </Title>
      {s.timeline?.rollbackDeadline && (
        <Text>
          {t("overview.rollbackDeadline")}: {formatTime(s.timeline.rollbackDeadline, tz, locale)}
          {s.timeline.fixForward ? ` — ${t("overview.fixForward")}` : ""}
        </Text>
      )}
      {phases.length === 0 ? (
        <EmptyState>{t("empty.timeline")}</EmptyState>
      ) : (
        <div className="timeline-axis">
          {phases.map((p) => (
            <PhaseRow key={p.id} p={p} axis={axis} now={now} />
          ))}
        </div>
      )}
    </Stack>
  );
}
