import { Button, FileButton, Group, Paper, Stack, Text } from "@mantine/core";
import { useState, type DragEvent } from "react";
import { MAX_RUNBOOK_BYTES } from "../../../../src/api/limits.ts";
import { useI18n } from "../../i18n/i18n.tsx";

/** A file input and a drop zone: hands over the file's name and text. */
export function DocumentStep({ onFile, busy }: { onFile: (file: { name: string; text: string }) => void; busy: boolean }) {
  const { t } = useI18n();
  const [over, setOver] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const take = (f: File | null | undefined) => {
    if (!f) return;
    setProblem(null);
    // The server's own limit for a document or runbook text: refused here before it is sent.
    if (f.size > MAX_RUNBOOK_BYTES) {
      setProblem(t("newRun.tooBig", { file: f.name }));
      return;
    }
    f.text().then(
      (text) => onFile({ name: f.name, text }),
      (e: unknown) => setProblem(e instanceof Error ? e.message : String(e)),
    );
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    take(e.dataTransfer.files[0]);
  };
  return (
    <Paper
      withBorder
      p="xl"
      className="drop-zone"
      data-over={over ? "yes" : "no"}
      data-testid="drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <Stack align="center" gap="sm">
        <Text fw={600} ta="center">
          {t("newRun.pick")}
        </Text>
        <Text c="dimmed" ta="center">
          {t("newRun.drop")}
        </Text>
        <Group>
          <FileButton onChange={take} accept=".md,.markdown,.txt,.yaml,.yml,.json,text/markdown,text/plain,application/yaml">
            {(props) => (
              <Button {...props} loading={busy} data-testid="choose-file">
                {t("newRun.choose")}
              </Button>
            )}
          </FileButton>
        </Group>
        {problem && (
          <Text c="red" role="alert">
            {problem}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
