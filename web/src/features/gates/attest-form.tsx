import { Button, Group, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useRunWrite } from "../../api/queries.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { useRunData } from "../../shell/run-data.tsx";

/** Records a person's measurement of an attested exit criterion (a number when it reads as one). */
export function AttestForm({ criterion }: { criterion: string }) {
  const { t } = useI18n();
  const { runId } = useRunData();
  const write = useRunWrite(runId);
  const [value, setValue] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = value.trim();
    if (!v) return;
    const n = Number(v.replace(",", "."));
    write.mutate({ path: `/attestations/${encodeURIComponent(criterion)}`, body: { value: Number.isFinite(n) ? n : v } }, { onSuccess: () => setValue("") });
  };
  return (
    <form onSubmit={submit}>
      <Group gap={4} wrap="nowrap">
        <TextInput size="xs" aria-label={t("waves.value", { criterion })} value={value} onChange={(e) => setValue(e.currentTarget.value)} w={90} />
        <Button size="xs" variant="light" type="submit" loading={write.isPending}>
          {t("waves.attest")}
        </Button>
      </Group>
      <ErrorAlert error={write.error} />
    </form>
  );
}
