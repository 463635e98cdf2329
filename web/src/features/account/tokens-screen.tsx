import { Alert, Button, Code, Group, SegmentedControl, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "../../api/client.ts";
import { keys, useMe, useTokens } from "../../api/queries.ts";
import type { TokenView } from "../../api/types.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";

/** API tokens: admins see everyone's, others their own; create (secret shown once), revoke. */
export default function TokensScreen() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const me = useMe();
  const tokens = useTokens();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "write">("read");
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => api<TokenView>("POST", "/api/tokens", { name: name.trim(), scope }),
    onSuccess: (tok) => {
      setSecret(tok.token ?? null);
      setName("");
      void qc.invalidateQueries({ queryKey: keys.tokens });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api<TokenView>("DELETE", `/api/tokens/${encodeURIComponent(id)}`),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.tokens }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate();
  };
  const date = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("tokens.title")}
      </Title>
      <Text size="sm" c="dimmed" data-testid="token-limits">
        {t("tokens.limits")}
      </Text>
      <form onSubmit={submit}>
        <Group align="flex-end">
          <TextInput label={t("tokens.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
          <SegmentedControl
            aria-label={t("tokens.scope")}
            value={scope}
            onChange={(v) => setScope(v === "write" ? "write" : "read")}
            data={[
              { value: "read", label: t("tokens.scope.read") },
              { value: "write", label: t("tokens.scope.write"), disabled: me.data?.role === "viewer" },
            ]}
          />
          <Button type="submit" loading={create.isPending}>
            {t("tokens.create")}
          </Button>
        </Group>
      </form>
      <ErrorAlert error={create.error ?? revoke.error ?? tokens.error} />
      {secret && (
        <Alert color="yellow" data-testid="token-secret">
          <Text size="sm">{t("tokens.secret")}</Text>
          <Code block>{secret}</Code>
        </Alert>
      )}
      {tokens.data?.length === 0 && <Text>{t("tokens.none")}</Text>}
      <div className="table-wrap">
        <Table striped fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("tokens.name")}</Table.Th>
              <Table.Th>{t("tokens.owner")}</Table.Th>
              <Table.Th>{t("tokens.scope")}</Table.Th>
              <Table.Th>{t("tokens.created")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.data?.map((tok) => (
              <Table.Tr key={tok.id}>
                <Table.Td>{tok.name}</Table.Td>
                <Table.Td>{tok.user}</Table.Td>
                <Table.Td>{t(`tokens.scope.${tok.scope}`)}</Table.Td>
                <Table.Td>{date(tok.created_at)}</Table.Td>
                <Table.Td>
                  {tok.revoked_at ? (
                    <Text size="sm" c="dimmed">
                      {t("tokens.revoked", { at: date(tok.revoked_at) })}
                    </Text>
                  ) : (
                    <Button size="xs" color="red" variant="light" onClick={() => revoke.mutate(tok.id)}>
                      {t("tokens.revoke")}
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
