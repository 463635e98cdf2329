import { Alert, Badge, Button, Group, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "../../api/client.ts";
import { keys, useMe, useUsers } from "../../api/queries.ts";
import type { Me, UserView } from "../../api/types.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";

const ROLES: Me["role"][] = ["admin", "editor", "viewer"];

/** User accounts (admins): who may sign in with which role; create, change role, disable. */
export default function UsersScreen() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const me = useMe();
  const isAdmin = me.data?.role === "admin";
  const users = useUsers(isAdmin);
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Me["role"]>("viewer");
  const [made, setMade] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: keys.users });
  const create = useMutation({
    mutationFn: () => api<UserView>("POST", "/api/users", { name: name.trim(), password, role }),
    onSuccess: (u) => {
      setMade(u.name);
      setName("");
      setPassword("");
      void refresh();
    },
  });
  const update = useMutation({
    mutationFn: (req: { name: string; patch: { role?: Me["role"]; disabled?: boolean } }) => api<UserView>("PATCH", `/api/users/${encodeURIComponent(req.name)}`, req.patch),
    onSettled: refresh,
  });
  if (!isAdmin) return <Alert>{t("users.adminsOnly")}</Alert>;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMade(null);
    create.mutate();
  };
  const date = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("users.title")}
      </Title>
      <form onSubmit={submit} data-testid="user-form">
        <Group align="flex-end" wrap="wrap">
          <TextInput label={t("users.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required data-testid="user-name" />
          <PasswordInput label={t("users.password")} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required minLength={12} data-testid="user-password" w={260} />
          <Select label={t("users.role")} value={role} onChange={(v) => v && setRole(v as Me["role"])} allowDeselect={false} data={roleOptions} data-testid="user-role" w={180} />
          <Button type="submit" loading={create.isPending} data-testid="user-create">
            {t("users.create")}
          </Button>
        </Group>
      </form>
      {made && (
        <Alert color="green" variant="light" data-testid="user-made">
          {t("users.made", { name: made })}
        </Alert>
      )}
      <ErrorAlert error={create.error ?? update.error ?? users.error} />
      <div className="table-wrap">
        <Table striped fz="sm" data-testid="users-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("users.name")}</Table.Th>
              <Table.Th>{t("users.role")}</Table.Th>
              <Table.Th>{t("users.status")}</Table.Th>
              <Table.Th>{t("users.created")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data?.map((u) => (
              <Table.Tr key={u.name} data-testid={`user-${u.name}`} data-role={u.role} data-disabled={u.disabled ? "yes" : "no"}>
                <Table.Td>
                  <span data-user-text>{u.name}</span>
                  {u.name === me.data?.user && (
                    <Badge size="xs" variant="light" ml="xs">
                      {t("users.you")}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={`${t("users.role")}: ${u.name}`}
                    value={u.role}
                    onChange={(v) => v && v !== u.role && update.mutate({ name: u.name, patch: { role: v as Me["role"] } })}
                    allowDeselect={false}
                    data={roleOptions}
                    w={170}
                  />
                </Table.Td>
                <Table.Td>
                  <Badge color={u.disabled ? "gray" : "green"} variant="light">
                    {t(u.disabled ? "users.disabled" : "users.enabled")}
                  </Badge>
                </Table.Td>
                <Table.Td>{date(u.created_at)}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="light" color={u.disabled ? "green" : "red"} onClick={() => update.mutate({ name: u.name, patch: { disabled: !u.disabled } })} data-testid={`user-toggle-${u.name}`}>
                    {t(u.disabled ? "users.enable" : "users.disable")}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {users.data?.length === 0 && <Text>—</Text>}
    </Stack>
  );
}
