import { ActionIcon, Button, Menu, SegmentedControl, Text, useComputedColorScheme, useMantineColorScheme } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import type { Me } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { LANGS, type Lang } from "../i18n/lang.ts";
import { navigate } from "./router.ts";

const LANG_NAMES: Record<Lang, string> = { en: "English", vi: "Tiếng Việt", id: "Bahasa Indonesia" };

/** Language picker: each language named in itself. */
export function LanguagePicker() {
  const { lang, setLang, t } = useI18n();
  return (
    <select aria-label={t("account.language")} value={lang} onChange={(e) => setLang(e.currentTarget.value as Lang)} className="lang-select" data-testid="lang-select">
      {LANGS.map((l) => (
        <option key={l} value={l} lang={l}>
          {LANG_NAMES[l]}
        </option>
      ))}
    </select>
  );
}

/** Light / dark switch; transitions are kept because Mantine's pause uses an inline style. */
export function ThemeToggle() {
  const { t } = useI18n();
  const { setColorScheme } = useMantineColorScheme({ keepTransitions: true });
  const scheme = useComputedColorScheme("light");
  return (
    <ActionIcon variant="default" size="lg" aria-label={t("theme.toggle")} title={t("theme.toggle")} data-testid="theme-toggle" onClick={() => setColorScheme(scheme === "dark" ? "light" : "dark")}>
      <span aria-hidden="true">{scheme === "dark" ? "☀" : "☾"}</span>
    </ActionIcon>
  );
}

/** The account menu: who I am, theme, tokens, accounts (admins), sign out. */
export function AccountMenu({ me }: { me: Me }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const { setColorScheme } = useMantineColorScheme({ keepTransitions: true });
  const scheme = useComputedColorScheme("light");
  const signOut = async () => {
    await api("POST", "/api/auth/logout", {});
    qc.clear();
    navigate("/login");
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" data-testid="account-menu">
          <span data-user-text>{me.user}</span>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t("account.role", { role: t(`role.${me.role}`) })}</Menu.Label>
        <Menu.Item closeMenuOnClick={false} component="div">
          <Text size="sm" mb={4}>
            {t("account.theme")}
          </Text>
          <SegmentedControl
            size="xs"
            value={scheme}
            onChange={(v) => setColorScheme(v === "dark" ? "dark" : "light")}
            data={[
              { value: "light", label: t("theme.light") },
              { value: "dark", label: t("theme.dark") },
            ]}
          />
        </Menu.Item>
        <Menu.Item onClick={() => navigate("/tokens")}>{t("account.tokens")}</Menu.Item>
        {me.role === "admin" && (
          <Menu.Item onClick={() => navigate("/users")} data-testid="menu-users">
            {t("account.users")}
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item color="red" onClick={() => void signOut()} data-testid="sign-out">
          {t("account.signOut")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
