import { Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useRunWrite } from "../../api/queries.ts";
import type { StepState, StepStatus, Verify } from "../../api/types.ts";
import { formatDateTime, formatTime } from "../../format/time.ts";
import type { MessageKey } from "../../i18n/en.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { EmptyState } from "../../shell/empty-state.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { ReasonList } from "../../shell/reason-text.tsx";
import { useRunData } from "../../shell/run-data.tsx";
import { stepDefs } from "../../shell/runbook-index.ts";
import { StateBadge } from "../../shell/state-badge.tsx";
import { InlineText } from "../../shell/inline-text.tsx";

type Action = "start" | "verify" | "done" | "fail" | "rollback" | "rolled_back";

// Mirrors the engine's transitions so only sensible buttons show; the server still decides.
const FROM: Record<Action, StepState[]> = {
  start: ["pending", "ready", "failed", "rolled_back"],
  verify: ["running"],
  done: ["verified", "running"],
  fail: ["running", "verified"],
  rollback: ["running", "verified", "done", "failed"],
  rolled_back: ["rolling_back"],
};
const LABEL: Record<Action, MessageKey> = { start: "steps.start", verify: "steps.verify", done: "steps.done", fail: "steps.fail", rollback: "steps.rollback", rolled_back: "steps.rolledBack" };

function verifyText(v: Verify | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "string") return v;
  return [v.text, v.command ? `$ ${v.command}` : undefined, v.checks.length ? `checks: ${v.checks.join(", ")}` : undefined].filter(Boolean).join("\n");
}

function StepRow({ step }: { step: StepStatus }) {
  const { t, locale } = useI18n();
  const { runId, runbook, tz, canWrite, status } = useRunData();
  const write = useRunWrite(runId);
  const def = stepDefs(runbook.runbook).get(step.id);
  const actions = (Object.keys(FROM) as Action[]).filter((a) => FROM[a].includes(step.state) && (a !== "rollback" || step.hasRollback || step.state === "failed"));
  const showRollback = ["failed", "rolling_back", "rolled_back"].includes(step.state);
  const rollback = verifyText(def?.rollback);
  const verify = verifyText(def?.verify);
  return (
    <Card withBorder data-testid={`step-${step.id}`} data-state={step.state} ml={step.parent ? "lg" : 0}>
      <div className="row">
        <div className="row-main">
          <Group gap="xs">
            <Text fw={700}>{step.id}</Text>
            <Text>
              <InlineText text={step.title} />
            </Text>
            <StateBadge state={step.state} />
          </Group>
          {(step.plannedStart ?? step.plannedEnd) && (
            <Text size="xs" c="dimmed">
              {t("steps.window", { start: formatTime(step.plannedStart, tz, locale), end: formatTime(step.plannedEnd, tz, locale) })}
            </Text>
          )}
          {step.by && (
            <Text size="xs" c="dimmed">
              {t("steps.byAt", { by: step.by, at: formatDateTime(step.endedAt ?? step.startedAt, tz, locale) })}
            </Text>
          )}
          {def?.command && <pre className="pre">$ {def.command}</pre>}
          {verify && step.state === "running" && (
            <>
              <Text size="sm" fw={600} mt={4}>
                {t("steps.verifyHow")}
              </Text>
              <pre className="pre">{verify}</pre>
            </>
          )}
          {showRollback && rollback && (
            <div data-testid="rollback-action">
              <Text size="sm" fw={600} mt={4} c="orange">
                {t("steps.rollbackAction")}
              </Text>
              <pre className="pre">{rollback}</pre>
            </div>
          )}
          {step.reasons.length > 0 && (
            <ReasonList size="xs" reasons={step.reasons} />
          )}
        </div>
        {canWrite && (
          <div className="row-actions">
            {actions.map((a) => (
              <Button
                key={a}
                size="xs"
                color={a === "fail" ? "red" : a === "rollback" || a === "rolled_back" ? "orange" : undefined}
                variant={a === "start" || a === "done" ? "filled" : "light"}
                loading={write.isPending && (write.variables.path.endsWith(`/${a}`))}
                // A step waiting for its predecessors cannot start (the server refuses it); the
                // reasons above say what it waits for.
                disabled={a === "start" && step.state === "pending" && step.reasons.length > 0}
                onClick={() => write.mutate({ path: `/steps/${encodeURIComponent(step.id)}/${a}`, body: { version: status.version } })}
                data-testid={`step-${step.id}-${a}`}
              >
                {t(LABEL[a])}
              </Button>
            ))}
          </div>
        )}
      </div>
      <ErrorAlert error={write.error} />
    </Card>
  );
}

/** Deploy steps in order with start / verify / done / fail / roll back, who and when. */
export default function StepsScreen() {
  const { t } = useI18n();
  const { status } = useRunData();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("steps.title")}
      </Title>
      {status.status.steps.length === 0 && <EmptyState>{t("empty.steps")}</EmptyState>}
      {status.status.steps.map((s) => (
        <StepRow key={s.id} step={s} />
      ))}
    </Stack>
  );
}
