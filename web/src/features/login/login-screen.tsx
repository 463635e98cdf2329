import { Button, Paper, PasswordInput, Stack, TextInput, Title, Alert, Group } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api, ApiError } from "../../api/client.ts";
import { keys } from "../../api/queries.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { LanguagePicker, ThemeToggle } from "../../shell/account-menu.tsx";
import { navigate } from "../../shell/router.ts";

/** Sign in with a local account; the server sets the session and CSRF cookies. */
export function LoginScreen() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [user, setUser] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api("POST", "/api/auth/login", { user, password });
      await qc.invalidateQueries({ queryKey: keys.me });
      const next = new URLSearchParams(window.location.search).get("next");
      navigate(next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/", true);
    } catch (err) {
      setError(err instanceof ApiError && err.code === "GOLIVE_E_RATE_LIMITED" ? t("login.limited") : err instanceof ApiError && err.status === 401 ? t("login.failed") : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="login-page">
      <Group justify="flex-end" p="sm" gap="xs">
        <LanguagePicker />
        <ThemeToggle />
      </Group>
      <Paper withBorder p="lg" maw={380} mx="auto" mt="xl" radius="md">
        <form onSubmit={(e) => void submit(e)}>
          <Stack>
            <Title order={1} size="h3">
              {t("login.title")}
            </Title>
            <TextInput label={t("login.user")} name="user" autoComplete="username" required value={user} onChange={(e) => setUser(e.currentTarget.value)} data-autofocus />
            <PasswordInput label={t("login.password")} name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy} data-testid="login-submit">
              {t("login.submit")}
            </Button>
          </Stack>
        </form>
      </Paper>
    </main>
  );
}
