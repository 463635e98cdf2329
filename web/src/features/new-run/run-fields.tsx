import { Alert, Button, Card, Group, PasswordInput, Select, Stack, TagsInput, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import { clockOf, dateOf, zonedInstant } from "../../../../src/core/engine/time.ts";
import { api } from "../../api/client.ts";
import { keys, useUsers } from "../../api/queries.ts";
import type { Me, UserView } from "../../api/types.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { namedMembers } from "../../shell/approval-words.ts";
import { ErrorAlert } from "../../shell/error-alert.tsx";

/** What a run is given: name, day, zone, go-live moment, people in roles. */
export interface RunSettings {
  name: string;
  date: string;
  timezone: string;
  /** HH:MM on `date` in `timezone`; empty for none. */
  golive: string;
  assignments: Record<string, string[]>;
}

/** The go-live moment of the settings as an instant (ISO), or undefined without a time. */
export function goliveIso(s: RunSettings): string | undefined {
  if (!s.golive || !s.date) return undefined;
  return zonedInstant(s.date, s.golive, s.timezone)?.toISOString();
}

/** Date and HH:MM of a stored go-live instant, in a zone. */
export function goliveParts(iso: string | undefined, zone: string): { date?: string; golive: string } {
  if (!iso) return { golive: "" };
  const at = new Date(iso);
  return { date: dateOf(at, zone), golive: clockOf(at, zone) };
}

// Browsers list canonical ICU names (Asia/Saigon, Asia/Calcutta); teams write the IANA ones.
const COMMON_ZONES = ["UTC", "Asia/Ho_Chi_Minh", "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Asia/Singapore", "Asia/Bangkok", "Asia/Kolkata", "Asia/Tokyo", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles"];

function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return [...new Set([...COMMON_ZONES, ...(intl.supportedValuesOf?.("timeZone") ?? [])])];
}

/** Name, date, time zone and go-live time. */
export function RunFields({ value, onChange, withName = true }: { value: RunSettings; onChange: (v: RunSettings) => void; withName?: boolean }) {
  const { t } = useI18n();
  const zoneList = useMemo(zones, []);
  const data = zoneList.includes(value.timezone) ? zoneList : [value.timezone, ...zoneList];
  return (
    <Stack gap="sm">
      {withName && <TextInput label={t("newRun.name")} value={value.name} onChange={(e) => onChange({ ...value, name: e.currentTarget.value })} required data-testid="run-name-input" />}
      <Group grow align="flex-start" wrap="wrap">
        <TextInput type="date" label={t("newRun.date")} value={value.date} onChange={(e) => onChange({ ...value, date: e.currentTarget.value })} data-testid="run-date" miw={160} />
        <Select label={t("newRun.timezone")} searchable value={value.timezone} onChange={(v) => v && onChange({ ...value, timezone: v })} data={data} allowDeselect={false} data-testid="run-timezone" miw={200} />
        <TextInput type="time" label={t("newRun.golive")} value={value.golive} onChange={(e) => onChange({ ...value, golive: e.currentTarget.value })} data-testid="run-golive" miw={160} />
      </Group>
      <Text size="xs" c="dimmed">
        {t("newRun.goliveHint")}
      </Text>
    </Stack>
  );
}

/**
 * One account name field per runbook role; admins see every account and can make one here. With
 * `approvedBy` (null: nobody approved the text yet; undefined: not asked, the run's settings) it
 * says whether the people the text lists act in their roles.
 */
export function PeopleFields({ roles, value, onChange, me, approvedBy }: { roles: { id: string; title?: string; members?: string[] }[]; value: Record<string, string[]>; onChange: (v: Record<string, string[]>) => void; me: Me; approvedBy?: string | null }) {
  const { t } = useI18n();
  const isAdmin = me.role === "admin";
  const users = useUsers(isAdmin);
  const names = (users.data ?? []).filter((u) => !u.disabled).map((u) => u.name);
  const named = namedMembers(roles);
  const pending = approvedBy === null && named !== "";
  return (
    <Stack gap="sm" data-testid="people">
      <Text fw={600}>{t("newRun.assign")}</Text>
      {pending && (
        <Alert color="yellow" variant="light" data-testid="text-members-pending">
          {t("newRun.textPending", { named })}
        </Alert>
      )}
      {approvedBy && named && (
        <Text size="sm" c="dimmed" data-testid="text-members-approved">
          {t("newRun.textApproved", { by: approvedBy })}
        </Text>
      )}
      {roles.length === 0 && <Text c="dimmed">{t("newRun.noRoles")}</Text>}
      {roles.map((r) => (
        <TagsInput
          key={r.id}
          label={r.title ?? r.id}
          description={r.members?.length ? t(pending ? "newRun.membersPending" : "newRun.members", { list: r.members.join(", ") }) : undefined}
          placeholder={t("newRun.typeNames")}
          data={names}
          value={value[r.id] ?? []}
          onChange={(v) => onChange({ ...value, [r.id]: v })}
          data-testid={`assign-${r.id}`}
          title={r.id}
          clearable
        />
      ))}
      {isAdmin && <AccountForm />}
    </Stack>
  );
}

const ROLES: Me["role"][] = ["editor", "viewer", "admin"];

/** Admins make an account without leaving the flow. */
function AccountForm() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Me["role"]>("editor");
  const [made, setMade] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => api<UserView>("POST", "/api/users", { name: name.trim(), password, role }),
    onSuccess: (u) => {
      setMade(u.name);
      setName("");
      setPassword("");
      void qc.invalidateQueries({ queryKey: keys.users });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMade(null);
    create.mutate();
  };
  return (
    <Card withBorder padding="sm">
      <Text fw={600} size="sm" mb="xs">
        {t("newRun.newAccount")}
      </Text>
      <form onSubmit={submit} data-testid="new-account">
        <Group align="flex-end" wrap="wrap">
          <TextInput label={t("users.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required data-testid="new-account-name" />
          <PasswordInput label={t("users.password")} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required minLength={12} data-testid="new-account-password" w={260} />
          <Select label={t("users.role")} value={role} onChange={(v) => v && setRole(v as Me["role"])} allowDeselect={false} data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} w={150} />
          <Button type="submit" variant="light" loading={create.isPending} data-testid="new-account-create">
            {t("users.create")}
          </Button>
        </Group>
      </form>
      {made && (
        <Text size="sm" c="green" mt="xs" data-testid="new-account-made">
          {t("users.made", { name: made })}
        </Text>
      )}
      <ErrorAlert error={create.error} />
    </Card>
  );
}

/** The assignments without empty roles (the API keeps what it is sent). */
export function cleanAssignments(a: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v.length > 0));
}
