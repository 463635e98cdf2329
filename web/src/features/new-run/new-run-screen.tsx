import { Alert, Badge, Button, Group, Stack, Stepper, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { keys, useMe } from "../../api/queries.ts";
import type { RunSummary } from "../../api/types.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { navigate, runPath } from "../../shell/router.ts";
import { DocumentStep } from "./document-step.tsx";
import type { DraftRunbook, Preview } from "./draft.ts";
import { PreviewPanel } from "./preview-panel.tsx";
import { ReportPanel } from "./report-panel.tsx";
import { cleanAssignments, goliveIso, PeopleFields, RunFields, type RunSettings } from "./run-fields.tsx";

interface Saved {
  hash: string;
  title: string;
  /** Who approved this runbook text (an admin's upload does); absent while nobody has. */
  approved_by?: string;
  draft: DraftRunbook;
}

/** Today in a zone, as YYYY-MM-DD. */
function today(zone: string): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

/** From a document to a started run: file → preview and report → save → date and zone → people → start. */
export default function NewRunScreen() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const me = useMe().data;
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [draft, setDraft] = useState<DraftRunbook | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [settings, setSettings] = useState<RunSettings | null>(null);

  const read = useMutation({
    mutationFn: (f: { name: string; text: string }) => api<Preview>("POST", "/api/runbooks/preview", { source: f.text, file: f.name }),
    onSuccess: (p) => {
      setPreview(p);
      setDraft(p.runbook);
      setSaved(null);
      if (p.runbook) setStep(1);
    },
  });
  const save = useMutation({
    mutationFn: async (d: DraftRunbook) => {
      // A runbook file nobody edited is kept as it was written (comments and all).
      const untouched = preview?.format === "yaml" && d === preview.runbook && file;
      const body = untouched ? { source: file.text, file: file.name } : { runbook: d, file: `${d.meta.id}.yaml` };
      return { ...(await api<{ hash: string; title: string; approved_by?: string }>("POST", "/api/runbooks", body)), draft: d };
    },
    onSuccess: (s) => {
      setSaved(s);
      const zone = s.draft.meta.timezone ?? "UTC";
      setSettings({ name: s.title, date: s.draft.meta.date ?? today(zone), timezone: zone, golive: "", assignments: {} });
      setStep(2);
    },
  });
  const create = useMutation({
    mutationFn: (start: boolean) => {
      if (!saved || !settings) throw new Error("no runbook saved");
      const at = goliveIso(settings);
      return api<RunSummary>("POST", "/api/runs", {
        runbook: saved.hash,
        name: settings.name.trim() || saved.title,
        ...(settings.date ? { date: settings.date } : {}),
        timezone: settings.timezone,
        ...(at ? { golive_at: at } : {}),
        assignments: cleanAssignments(settings.assignments),
        start,
      });
    },
    onSuccess: async (run) => {
      await qc.invalidateQueries({ queryKey: keys.runs });
      navigate(runPath(run.id));
    },
  });

  if (!me) return null;
  if (me.role === "viewer" || me.scope !== "write") return <Alert>{t("newRun.editorOnly")}</Alert>;
  const onFile = (f: { name: string; text: string }) => {
    setFile(f);
    read.mutate(f);
  };
  const canSave = draft !== null && (preview?.valid ?? false);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("newRun.title")}
      </Title>
      <Stepper active={step} onStepClick={(i) => i < step && setStep(i)} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label={t("newRun.stepDocument")} description={file?.name} data-testid="step-document">
          <Stack mt="md">
            <DocumentStep onFile={onFile} busy={read.isPending} />
            {read.isPending && file && <Text c="dimmed">{t("newRun.reading", { file: file.name })}</Text>}
            {preview && !preview.runbook && (
              <Alert color="orange" data-testid="nothing-recognised">
                {t("newRun.nothing", { file: file?.name ?? "" })}
              </Alert>
            )}
            {preview && !preview.runbook && <ReportPanel preview={preview} />}
            <ErrorAlert error={read.error} />
          </Stack>
        </Stepper.Step>
        <Stepper.Step label={t("newRun.stepPreview")} data-testid="step-preview">
          {preview && draft && (
            <Stack mt="md">
              <Group justify="space-between" wrap="wrap">
                <Badge variant="light">{preview.format === "markdown" ? t("newRun.fromMarkdown") : t("newRun.fromYaml")}</Badge>
                <Group>
                  <Button variant="default" onClick={() => setStep(0)}>
                    {t("newRun.back")}
                  </Button>
                  <Button onClick={() => save.mutate(draft)} loading={save.isPending} disabled={!canSave} data-testid="save-runbook">
                    {t("newRun.save")}
                  </Button>
                </Group>
              </Group>
              <ErrorAlert error={save.error} />
              <div className="preview-grid">
                <PreviewPanel draft={draft} onChange={setDraft} />
                <ReportPanel preview={preview} />
              </div>
            </Stack>
          )}
        </Stepper.Step>
        <Stepper.Step label={t("newRun.stepRun")} data-testid="step-run">
          {saved && settings && (
            <Stack mt="md" maw={720}>
              <Alert color="green" variant="light" data-testid="runbook-saved">
                {t("newRun.saved", { title: saved.title })}
              </Alert>
              <RunFields value={settings} onChange={setSettings} />
              <Group>
                <Button variant="default" onClick={() => setStep(1)}>
                  {t("newRun.back")}
                </Button>
                <Button onClick={() => setStep(3)} disabled={!settings.name.trim()} data-testid="run-next">
                  {t("newRun.next")}
                </Button>
              </Group>
            </Stack>
          )}
        </Stepper.Step>
        <Stepper.Step label={t("newRun.stepPeople")} data-testid="step-people">
          {saved && settings && (
            <Stack mt="md" maw={720}>
              <PeopleFields roles={saved.draft.roles ?? []} value={settings.assignments} onChange={(a) => setSettings({ ...settings, assignments: a })} me={me} approvedBy={saved.approved_by ?? null} />
              <ErrorAlert error={create.error} />
              <Group>
                <Button variant="default" onClick={() => setStep(2)}>
                  {t("newRun.back")}
                </Button>
                <Button variant="light" onClick={() => create.mutate(false)} loading={create.isPending && create.variables === false} data-testid="create-run">
                  {t("newRun.createOnly")}
                </Button>
                <Button onClick={() => create.mutate(true)} loading={create.isPending && create.variables} data-testid="start-run">
                  {t("newRun.start")}
                </Button>
              </Group>
            </Stack>
          )}
        </Stepper.Step>
      </Stepper>
    </Stack>
  );
}
