import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useNotifications, useRunWrite } from "../../api/queries.ts";
import type { NotificationChannel, NotificationDelivery } from "../../api/types.ts";
import { NOTIFY_WORDS, notifyLang } from "../../../../src/core/text/notify-words.ts";
import { formatDateTime } from "../../format/time.ts";
import type { MessageKey } from "../../i18n/en.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { EmptyState } from "../../shell/empty-state.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { useRunData } from "../../shell/run-data.tsx";

const STATE_COLOR: Record<NotificationDelivery["state"], string> = { pending: "gray", retrying: "orange", sent: "green", failed: "red" };

/** An event type in the reader's language (the code beside it for those who route by it). */
function EventName({ type }: { type: string }) {
  const { lang } = useI18n();
  const words = NOTIFY_WORDS[notifyLang(lang)] as Record<string, string>;
  return (
    <Stack gap={0}>
      <Text size="sm">{words[type] ?? type}</Text>
      <Text size="xs" c="dimmed" ff="monospace">
        {type}
      </Text>
    </Stack>
  );
}

function ChannelsTable({ channels }: { channels: NotificationChannel[] }) {
  const { t } = useI18n();
  const { runId, canWrite } = useRunData();
  const write = useRunWrite(runId);
  const sentTo = write.isSuccess ? (write.variables.body as { channel: string }).channel : undefined;
  const queued = write.data as { id?: string } | undefined;
  return (
    <Stack gap="xs">
      <ErrorAlert error={write.error} />
      {sentTo && queued?.id && (
        <Alert color="green" data-testid="test-queued">
          {t("notify.testQueued", { id: queued.id })}
        </Alert>
      )}
      {!canWrite && <Text size="sm" c="dimmed">{t("notify.editorOnly")}</Text>}
      <div className="table-wrap">
        <Table striped fz="sm" data-testid="notify-channels">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("notify.channel")}</Table.Th>
              <Table.Th>{t("notify.kind")}</Table.Th>
              <Table.Th>{t("notify.scope")}</Table.Th>
              <Table.Th>{t("notify.events")}</Table.Th>
              <Table.Th>{t("notify.severities")}</Table.Th>
              <Table.Th>{t("notify.target")}</Table.Th>
              <Table.Th className="num">{t("notify.rate")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {channels.map((c) => (
              <Table.Tr key={c.id} data-channel={c.id} data-active={c.active ? "yes" : "no"}>
                <Table.Td ff="monospace">
                  {c.id}
                  <Group gap={4} mt={2}>
                    {c.test && <Badge size="xs" color="grape" variant="light">{t("notify.testChannel")}</Badge>}
                    {!c.active && <Badge size="xs" color="gray" variant="outline">{t("notify.inactive")}</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td>{t(`notify.kind.${c.kind}` as MessageKey)}</Table.Td>
                <Table.Td>{t(`notify.scope.${c.scope}` as MessageKey)}</Table.Td>
                <Table.Td ff="monospace">{c.events.includes("*") ? t("notify.allEvents") : c.events.join(", ")}</Table.Td>
                <Table.Td>{c.severities.length ? c.severities.join(", ") : t("notify.anySeverity")}</Table.Td>
                <Table.Td ff="monospace" data-user-text style={{ wordBreak: "break-all" }}>
                  {c.target ?? "—"}
                </Table.Td>
                <Table.Td className="num">{c.rate_per_minute}</Table.Td>
                <Table.Td>
                  {canWrite && c.active && (
                    <Button size="xs" variant="default" data-testid={`test-send-${c.id}`} loading={write.isPending && (write.variables.body as { channel: string }).channel === c.id} onClick={() => write.mutate({ path: "/notifications/test", body: { channel: c.id } })}>
                      {t("notify.testSend")}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}

function DeliveryLog({ deliveries }: { deliveries: NotificationDelivery[] }) {
  const { t, locale } = useI18n();
  const { tz } = useRunData();
  const when = (iso: string) => formatDateTime(iso, tz, locale, true);
  return (
    <div className="table-wrap">
      <Table striped fz="sm" data-testid="notify-deliveries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("notify.when")}</Table.Th>
            <Table.Th>{t("notify.event")}</Table.Th>
            <Table.Th>{t("notify.channel")}</Table.Th>
            <Table.Th>{t("notify.state")}</Table.Th>
            <Table.Th className="num">{t("notify.attempts")}</Table.Th>
            <Table.Th>{t("notify.lastError")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.map((d) => (
            <Table.Tr key={d.id} data-delivery={d.id} data-state={d.state}>
              <Table.Td className="nowrap">{when(d.created_at)}</Table.Td>
              <Table.Td>
                <EventName type={d.event} />
                <Text size="xs" data-user-text>
                  {d.title}
                </Text>
              </Table.Td>
              <Table.Td ff="monospace">{d.channel}</Table.Td>
              <Table.Td>
                <Badge color={STATE_COLOR[d.state]} variant="light" size="sm">
                  {t(`notify.state.${d.state}` as MessageKey)}
                </Badge>
                {d.next_at && (
                  <Text size="xs" c="dimmed">
                    {t("notify.nextAt", { at: when(d.next_at) })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td className="num">{d.attempts}</Table.Td>
              <Table.Td>
                {d.last_error && (
                  <Text size="xs" ff="monospace" c="red" data-user-text>
                    {d.last_error}
                  </Text>
                )}
                {d.log.map((a) => (
                  <Text key={a.attempt} size="xs" c="dimmed" data-user-text>
                    {t("notify.attempt", { n: a.attempt, at: when(a.at), result: a.ok ? `${t("notify.ok")}${a.status ? ` (${a.status})` : ""}` : (a.error ?? String(a.status ?? "")) })}
                  </Text>
                ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {deliveries.length === 0 && <EmptyState>{t("notify.noDeliveries")}</EmptyState>}
    </div>
  );
}

/** Notifications: where the run's events go (server-wide and runbook routes), the delivery log, a test send. */
export default function NotificationsScreen() {
  const { t } = useI18n();
  const { runId } = useRunData();
  const q = useNotifications(runId);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("notify.title")}
      </Title>
      <ErrorAlert error={q.error} />
      {q.data && (
        <>
          <Title order={2} size="h4">
            {t("notify.channels")}
          </Title>
          <Text size="sm">{t("notify.channelsHelp")}</Text>
          {q.data.channels.length ? <ChannelsTable channels={q.data.channels} /> : <Alert color="gray">{t("notify.noChannels")}</Alert>}
          <Title order={2} size="h4">
            {t("notify.deliveries")}
          </Title>
          <DeliveryLog deliveries={q.data.deliveries} />
        </>
      )}
    </Stack>
  );
}
