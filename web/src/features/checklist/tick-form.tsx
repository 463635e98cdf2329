import { Button, FileInput, Group, SegmentedControl, Select, Stack, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { api } from "../../api/client.ts";
import { useRunWrite } from "../../api/queries.ts";
import type { Evidence } from "../../api/types.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { useRunData } from "../../shell/run-data.tsx";

type Kind = "text" | "link" | "file";
type State = "done" | "not_done" | "failed" | "not_applicable";

async function uploadFile(file: File): Promise<Evidence> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return api<Evidence>("POST", "/api/files", { name: file.name, media_type: file.type || "application/octet-stream", content_base64: btoa(bin) });
}

/** Records an item's state with evidence (text, link or an uploaded file) at the version read. */
export function TickForm({ itemId, onDone }: { itemId: string; onDone: () => void }) {
  const { t } = useI18n();
  const { runId, status } = useRunData();
  const write = useRunWrite(runId);
  const [state, setState] = useState<State>("done");
  const [kind, setKind] = useState<Kind>("text");
  const [value, setValue] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const evidence: Evidence[] = [];
      if (kind === "file" && file) evidence.push(await uploadFile(file));
      else if (kind !== "file" && value.trim()) evidence.push({ kind, value: value.trim() });
      await write.mutateAsync({ method: "PUT", path: `/items/${encodeURIComponent(itemId)}`, body: { version: status.version, state, evidence, ...(note.trim() ? { note: note.trim() } : {}) } });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} data-testid={`tick-form-${itemId}`}>
      <Stack gap="xs" p="xs">
        <Select
          label={t("checklist.newState")}
          value={state}
          onChange={(v) => setState((v as State | null) ?? "done")}
          allowDeselect={false}
          data={(["done", "not_done", "failed", "not_applicable"] as const).map((s) => ({ value: s, label: t(`state.${s}`) }))}
          comboboxProps={{ withinPortal: true }}
        />
        <SegmentedControl
          aria-label={t("checklist.evidenceKind")}
          value={kind}
          onChange={(v) => setKind(v as Kind)}
          data={(["text", "link", "file"] as const).map((k) => ({ value: k, label: t(`checklist.kind.${k}`) }))}
        />
        {kind === "file" ? (
          <FileInput label={t("checklist.evidence")} value={file} onChange={setFile} clearable />
        ) : (
          <TextInput label={t("checklist.evidence")} value={value} onChange={(e) => setValue(e.currentTarget.value)} type={kind === "link" ? "url" : "text"} data-testid="evidence-input" autoFocus />
        )}
        <TextInput label={t("checklist.note")} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <ErrorAlert error={error} />
        <Group gap="xs">
          <Button type="submit" loading={write.isPending} data-testid="tick-save">
            {t("checklist.save")}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t("checklist.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
