import { Button, Card, Group, List, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useRunWrite } from "../../api/queries.ts";
import type { SignoffStatus } from "../../api/types.ts";
import { formatDateTime } from "../../format/time.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { EmptyState } from "../../shell/empty-state.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { RequiresList } from "../../shell/requires-list.tsx";
import { ReasonList } from "../../shell/reason-text.tsx";
import { useRunData } from "../../shell/run-data.tsx";
import { roleTitle } from "../../shell/runbook-index.ts";
import { StateBadge } from "../../shell/state-badge.tsx";

function SignoffRow({ so }: { so: SignoffStatus }) {
  const { t, locale } = useI18n();
  const { runId, runbook, tz, canWrite, status, myRoles } = useRunData();
  const write = useRunWrite(runId);
  const [comment, setComment] = useState("");
  // The prerequisites' reasons are shown with them; the rest (quorum, members) below.
  const unmet = new Set(so.requires.flatMap((r) => (!r.met && r.reason ? [r.reason.text] : [])));
  const ownReasons = so.reasons.filter((r) => !unmet.has(r.text));
  const sign = () =>
    write.mutate({ path: `/signoffs/${encodeURIComponent(so.id)}`, body: { version: status.version, ...(comment.trim() ? { comment: comment.trim() } : {}) } }, { onSuccess: () => setComment("") });
  return (
    <Card withBorder data-testid={`signoff-${so.id}`} data-state={so.state}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="xs">
            <Text fw={700}>{so.id}</Text>
            <Text fw={600}>{so.title}</Text>
            <StateBadge state={so.state} />
          </Group>
          <Text size="sm">
            {t("signoffs.role")}: {roleTitle(runbook.runbook, so.role)}
            {myRoles.has(so.role) ? " ★" : ""} · {t("signoffs.quorum", { count: so.signers.length, quorum: so.quorum })}
          </Text>
        </div>
      </Group>
      <Text size="sm" fw={600} mt="xs">
        {t("signoffs.prerequisites")}
      </Text>
      <RequiresList requires={so.requires} />
      {so.signers.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="xs">
            {t("signoffs.signers")}
          </Text>
          <List size="sm" className="reasons">
            {so.signers.map((x) => (
              <List.Item key={`${x.by}:${x.at}`}>
                {x.by} · {formatDateTime(x.at, tz, locale)}
                {x.comment ? ` — ${x.comment}` : ""}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {ownReasons.length > 0 && so.state !== "given" && (
        <ReasonList size="xs" c="dimmed" reasons={ownReasons} />
      )}
      {canWrite && so.state !== "given" && (
        <Group gap="xs" align="flex-end" mt="xs">
          <TextInput size="xs" label={t("signoffs.comment")} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
          <Button size="xs" onClick={sign} loading={write.isPending} data-testid={`sign-${so.id}`}>
            {t("signoffs.sign")}
          </Button>
        </Group>
      )}
      {write.error != null && (
        <div data-testid="signoff-refused">
          <Text size="sm" c="red" fw={600} mt="xs">
            {t("signoffs.refused")}
          </Text>
          <ErrorAlert error={write.error} />
        </div>
      )}
    </Card>
  );
}

/** Sign-offs: each row with its prerequisites' state; sign with a comment; refusals say why. */
export default function SignoffsScreen() {
  const { t } = useI18n();
  const { status } = useRunData();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("signoffs.title")}
      </Title>
      <div className="cards-wide">
        {status.status.signoffs.length === 0 && <EmptyState>{t("empty.signoffs")}</EmptyState>}
        {status.status.signoffs.map((so) => (
          <SignoffRow key={so.id} so={so} />
        ))}
      </div>
    </Stack>
  );
}
