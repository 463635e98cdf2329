import { Badge, Group, Stack, Text, Title } from "@mantine/core";
import type { ForecastStatus, TaskForecastStatus } from "../../api/types.ts";
import { formatSpan, formatTime } from "../../format/time.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { EmptyState } from "../../shell/empty-state.tsx";
import { ReasonList } from "../../shell/reason-text.tsx";
import { useRunData } from "../../shell/run-data.tsx";
import { useServerNow } from "../../shell/use-now.ts";
import { at, hours, place, planAxis, type Span } from "./plan-axis.ts";
import "./plan.css";

interface Marks {
  now: number;
  deadline: number | undefined;
  checkpoints: { id: string; at: number }[];
}

function Lines({ marks, axis }: { marks: Marks; axis: Span }) {
  const line = (kind: string, t: number | undefined, key: string) => {
    const left = t === undefined ? undefined : at(t, axis);
    return left === undefined ? null : <div key={key} className="plan-line" data-kind={kind} style={{ left }} />;
  };
  return (
    <>
      {marks.checkpoints.map((c) => line("checkpoint", c.at, c.id))}
      {line("deadline", marks.deadline, "deadline")}
      {line("now", marks.now, "now")}
    </>
  );
}

function Row({ task, axis, marks }: { task: TaskForecastStatus; axis: Span; marks: Marks }) {
  const { t, locale } = useI18n();
  const { tz } = useRunData();
  const title = `${task.id} · ${task.title} — ${t("plan.forecastBar")}: ${formatTime(task.start, tz, locale)}–${formatTime(task.finish, tz, locale)}${task.plannedStart ? ` · ${t("plan.plannedBar")}: ${formatTime(task.plannedStart, tz, locale)}–${formatTime(task.plannedFinish, tz, locale)}` : ""}`;
  return (
    <div className="plan-row" data-testid={`plan-task-${task.id}`} data-critical={task.critical} data-late={task.late}>
      <div className="plan-label" data-critical={task.critical} title={title}>
        {task.critical ? "◆ " : ""}
        <span data-user-text>{task.id} · {task.title}</span>
        {task.late ? ` · ${t("plan.late")}` : ""}
      </div>
      <div className="plan-track" role="img" aria-label={title}>
        {task.plannedStart && task.plannedFinish && <div className="plan-planned" style={place({ from: Date.parse(task.plannedStart), to: Date.parse(task.plannedFinish) }, axis)} />}
        <div className="plan-forecast" data-late={task.late} data-critical={task.critical} data-state={task.state} style={place({ from: Date.parse(task.start), to: Date.parse(task.finish) }, axis)} />
        <Lines marks={marks} axis={axis} />
      </div>
    </div>
  );
}

function Summary({ f }: { f: ForecastStatus }) {
  const { t, locale } = useI18n();
  const { tz } = useRunData();
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text fw={600} data-testid="plan-finish">
          {t("plan.finish", { at: formatTime(f.finish, tz, locale) })}
        </Text>
        {f.fitsDeadline !== undefined && <Badge color={f.fitsDeadline ? "green" : "red"}>{f.fitsDeadline ? t("plan.fits") : t("plan.doesNotFit")}</Badge>}
      </Group>
      {f.rollbackDeadline && f.marginMs !== undefined && (
        <Text size="sm">
          {t("overview.rollbackDeadline")}: {formatTime(f.rollbackDeadline, tz, locale)} · {f.marginMs >= 0 ? t("plan.margin", { span: formatSpan(f.marginMs, locale) }) : t("plan.over", { span: formatSpan(-f.marginMs, locale) })}
        </Text>
      )}
      {f.reason && <ReasonList reasons={[f.reason]} />}
      <Text size="sm" data-testid="plan-critical-path">
        {t("plan.criticalPath")}: {f.criticalPath.join(" → ")}
      </Text>
    </Stack>
  );
}

/** The plan on a time axis: phases and tasks, planned against forecast, the critical path, now, the rollback deadline and the checkpoints. */
export default function PlanScreen() {
  const { t, locale } = useI18n();
  const { status, tz } = useRunData();
  const s = status.status;
  const now = useServerNow(s.now, status.receivedAt);
  const f = s.forecast;
  if (!f) {
    return (
      <Stack>
        <Title order={1} size="h2">{t("plan.title")}</Title>
        <EmptyState>{t("plan.empty")}</EmptyState>
      </Stack>
    );
  }
  const axis = planAxis(f, s.timeline, now);
  const marks: Marks = {
    now, deadline: f.rollbackDeadline ? Date.parse(f.rollbackDeadline) : undefined,
    checkpoints: (s.timeline?.phases ?? []).flatMap((p) => (p.checkpoint?.at ? [{ id: p.checkpoint.id, at: Date.parse(p.checkpoint.at) }] : [])),
  };
  const phases = s.timeline?.phases ?? [];
  const groups = [
    ...phases.map((p) => ({ key: p.id, title: p.title, tasks: f.tasks.filter((x) => x.phase === p.id) })),
    { key: "steps", title: t("nav.steps"), tasks: f.tasks.filter((x) => x.kind === "step") },
  ].filter((g) => g.tasks.length);
  return (
    <Stack>
      <Title order={1} size="h2">{t("plan.title")}</Title>
      <Summary f={f} />
      <div className="plan-legend" aria-hidden="true">
        <span><i style={{ background: "var(--mantine-color-gray-5)" }} />{t("plan.plannedBar")}</span>
        <span><i style={{ background: "var(--mantine-color-blue-filled)" }} />{t("plan.forecastBar")}</span>
        <span><i style={{ background: "var(--mantine-color-red-filled)" }} />{t("plan.late")}</span>
        <span><i style={{ outline: "2px solid var(--mantine-color-orange-filled)" }} />{t("plan.critical")}</span>
        <span><i style={{ background: "var(--mantine-color-violet-filled)" }} />{t("timeline.checkpoint")}</span>
      </div>
      <div className="plan-gantt" data-testid="plan-gantt">
        <div className="plan-scale" aria-hidden="true">
          <div />
          <div className="plan-scale-track">
            {hours(axis).map((h) => <span key={h} style={{ left: at(h, axis) }}>{formatTime(new Date(h).toISOString(), tz, locale)}</span>)}
          </div>
        </div>
        {groups.map((g) => (
          <div key={g.key} data-testid={`plan-group-${g.key}`}>
            <div className="plan-phase">{g.title}</div>
            {g.tasks.map((task) => <Row key={task.id} task={task} axis={axis} marks={marks} />)}
          </div>
        ))}
      </div>
    </Stack>
  );
}
