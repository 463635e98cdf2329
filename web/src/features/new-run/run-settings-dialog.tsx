import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useRunWrite } from "../../api/queries.ts";
import { formatDateTime } from "../../format/time.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { useRunData } from "../../shell/run-data.tsx";
import { cleanAssignments, goliveIso, goliveParts, PeopleFields, RunFields, type RunSettings } from "./run-fields.tsx";

/** The settings dialog (its own chunk: the overview loads it on first use). */
export default function RunSettingsDialog({ onClose }: { onClose: () => void }) {
  const { t, locale } = useI18n();
  const { runId, detail, runbook, tz, me, status } = useRunData();
  const [value, setValue] = useState<RunSettings>(() => {
    const parts = goliveParts(detail.golive_at, tz);
    return { name: detail.name, date: detail.date ?? parts.date ?? "", timezone: tz, golive: parts.golive, assignments: { ...detail.assignments } };
  });
  const [done, setDone] = useState(false);
  const write = useRunWrite(runId);
  const save = useMutation({
    mutationFn: async (v: RunSettings & { start?: boolean }) => {
      const at = goliveIso(v);
      await write.mutateAsync({
        method: "PATCH",
        path: "",
        body: { version: detail.version, ...(v.date ? { date: v.date } : {}), timezone: v.timezone, ...(at ? { golive_at: at } : {}), assignments: cleanAssignments(v.assignments), ...(v.start ? { start: true } : {}) },
      });
    },
    onSuccess: () => setDone(true),
  });
  const started = detail.started_at;
  return (
      <Modal opened onClose={onClose} title={t("runSettings.title")} size="lg">
          <Stack>
            <RunFields value={value} onChange={setValue} withName={false} />
            <Text size="sm" c="dimmed" data-testid="run-started">
              {started ? t("runSettings.started", { at: formatDateTime(started, tz, locale) }) : t("runSettings.notStarted")}
            </Text>
            <PeopleFields roles={runbook.runbook.roles} value={value.assignments} onChange={(a) => setValue({ ...value, assignments: a })} me={me} approvedBy={status.text_members === false ? null : status.approval?.approved_by} />
            <ErrorAlert error={save.error} />
            {done && (
              <Alert color="green" variant="light" data-testid="run-settings-saved">
                {t("runSettings.saved")}
              </Alert>
            )}
            <Group>
              <Button onClick={() => save.mutate(value)} loading={save.isPending && !save.variables?.start} data-testid="run-settings-save">
                {t("runSettings.save")}
              </Button>
              {!started && (
                <Button variant="light" onClick={() => save.mutate({ ...value, start: true })} loading={save.isPending && save.variables?.start === true}>
                  {t("runSettings.startNow")}
                </Button>
              )}
            </Group>
          </Stack>
      </Modal>
  );
}
