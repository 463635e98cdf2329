import { Badge, Card, Checkbox, Group, List, NativeSelect, Stack, Text, TextInput } from "@mantine/core";
import { useI18n } from "../../i18n/i18n.tsx";
import { allSteps, edited, findItem, findTask, firstOwner, sectionItems, type DraftItem, type DraftRunbook, type DraftSection } from "./draft.ts";

type Change = (next: DraftRunbook) => void;

function OwnerSelect({ value, roles, onChange, label }: { value: string; roles: { value: string; label: string }[]; onChange: (v: string) => void; label: string }) {
  const { t } = useI18n();
  return (
    <NativeSelect
      size="xs"
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[{ value: "", label: t("newRun.noOwner") }, ...roles]}
      className="preview-owner"
    />
  );
}

function ItemRow({ item, draft, roles, onChange }: { item: DraftItem; draft: DraftRunbook; roles: { value: string; label: string }[]; onChange: Change }) {
  const { t } = useI18n();
  const set = (edit: (i: DraftItem) => void) =>
    onChange(
      edited(draft, (d) => {
        const i = findItem(d, item.id);
        if (i) edit(i);
      }),
    );
  return (
    <li className="preview-row" data-testid={`preview-item-${item.id}`} title={item.id}>
      <TextInput size="xs" aria-label={`${t("newRun.itemTitle")}: ${item.id}`} value={item.title} onChange={(e) => { const v = e.currentTarget.value; set((i) => (i.title = v)); }} className="preview-title" />
      <OwnerSelect
        label={`${t("newRun.owner")}: ${item.id}`}
        value={firstOwner(item.owner)}
        roles={roles}
        onChange={(v) => set((i) => {
          if (v) i.owner = v;
          else delete i.owner;
        })}
      />
      <Checkbox
        size="xs"
        label={t("newRun.optional")}
        checked={item.optional === true}
        onChange={(e) => { const v = e.currentTarget.checked; set((i) => {
          if (v) i.optional = true;
          else delete i.optional;
        }); }}
        data-testid={`optional-${item.id}`}
      />
      {item.done && (
        <Badge size="xs" color="green" variant="light">
          {t("newRun.done")}
        </Badge>
      )}
    </li>
  );
}

function SectionBlock({ section, draft, roles, onChange, depth }: { section: DraftSection; draft: DraftRunbook; roles: { value: string; label: string }[]; onChange: Change; depth: number }) {
  const { t } = useI18n();
  const items = section.items ?? [];
  return (
    <div className="preview-section" data-depth={depth} title={section.id}>
      <Group gap="xs">
        <Text fw={600} size="sm">
          {section.title}
        </Text>
        <Text size="xs" c="dimmed">
          {t("newRun.itemsCount", { count: sectionItems([section]).length })}
        </Text>
      </Group>
      {items.length > 0 && (
        <ul className="preview-rows">
          {items.map((i) => (
            <ItemRow key={i.id} item={i} draft={draft} roles={roles} onChange={onChange} />
          ))}
        </ul>
      )}
      {(section.sections ?? []).map((s) => (
        <SectionBlock key={s.id} section={s} draft={draft} roles={roles} onChange={onChange} depth={depth + 1} />
      ))}
    </div>
  );
}

function Part({ title, count, children, testId }: { title: string; count: number; children: React.ReactNode; testId: string }) {
  const { t } = useI18n();
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Group gap="xs" mb={count ? "xs" : 0}>
        <Text fw={600}>{title}</Text>
        <Badge variant="light" color={count ? "blue" : "gray"}>
          {count || t("newRun.none")}
        </Badge>
      </Group>
      {children}
    </Card>
  );
}

/** The runbook as the team will run it: titles, owners and required/optional editable in place. */
export function PreviewPanel({ draft, onChange }: { draft: DraftRunbook; onChange: Change }) {
  const { t } = useI18n();
  const roleTitles = new Map((draft.roles ?? []).map((r) => [r.id, r.title ?? r.id]));
  const roles = (draft.roles ?? []).map((r) => ({ value: r.id, label: r.title ?? r.id }));
  const sections = draft.sections ?? [];
  const phases = draft.timeline?.phases ?? [];
  const tasks = phases.flatMap((p) => p.tasks ?? []);
  const steps = allSteps(draft.steps);
  const names = (owner: string | string[] | undefined) => (Array.isArray(owner) ? owner : owner ? [owner] : []).map((o) => roleTitles.get(o) ?? o).join(", ");
  return (
    <Stack gap="sm" data-testid="runbook-preview">
      <TextInput
        label={t("newRun.runbookTitle")}
        value={draft.meta.title}
        onChange={(e) => { const v = e.currentTarget.value; onChange(edited(draft, (d) => (d.meta.title = v))); }}
        data-testid="runbook-title"
      />
      <Part title={t("newRun.sections")} count={sectionItems(sections).length} testId="preview-sections">
        {sections.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("newRun.noSections")}
          </Text>
        ) : (
          sections.map((s) => <SectionBlock key={s.id} section={s} draft={draft} roles={roles} onChange={onChange} depth={0} />)
        )}
      </Part>
      {phases.length > 0 && (
        <Part title={t("newRun.timeline")} count={tasks.length} testId="preview-timeline">
          {phases.map((p) => (
            <div key={p.id} className="preview-section" title={p.id}>
              <Group gap="xs">
                <Text fw={600} size="sm">
                  {p.title}
                </Text>
                <Text size="xs" c="dimmed">
                  {p.start}
                  {p.end ? `–${p.end}` : ""} · {t("newRun.tasksCount", { count: (p.tasks ?? []).length })}
                </Text>
              </Group>
              <ul className="preview-rows">
                {(p.tasks ?? []).map((task) => (
                  <li key={task.id} className="preview-row" title={task.id} data-testid={`preview-task-${task.id}`}>
                    <Text size="xs" c="dimmed" className="nowrap">
                      {task.at}
                    </Text>
                    <TextInput size="xs" aria-label={`${t("newRun.itemTitle")}: ${task.id}`} value={task.title} className="preview-title" onChange={(e) => { const v = e.currentTarget.value; onChange(edited(draft, (d) => { const x = findTask(d, task.id); if (x) x.title = v; })); }} />
                    <OwnerSelect
                      label={`${t("newRun.owner")}: ${task.id}`}
                      value={firstOwner(task.owner)}
                      roles={roles}
                      onChange={(v) => onChange(edited(draft, (d) => { const x = findTask(d, task.id); if (!x) return; if (v) x.owner = v; else delete x.owner; }))}
                    />
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </Part>
      )}
      <Part title={t("newRun.steps")} count={steps.length} testId="preview-steps">
        {steps.length > 0 && (
          <List size="sm">
            {steps.map((s) => (
              <List.Item key={s.id} title={s.id}>
                {s.title}
                {s.owner ? ` · ${names(s.owner)}` : ""}
              </List.Item>
            ))}
          </List>
        )}
      </Part>
      <Part title={t("newRun.gates")} count={(draft.gates ?? []).length} testId="preview-gates">
        {(draft.gates ?? []).length > 0 && (
          <List size="sm">
            {(draft.gates ?? []).map((g) => (
              <List.Item key={g.id} title={g.id}>
                {g.title}
                {g.owner ? ` · ${names(g.owner)}` : ""}
              </List.Item>
            ))}
          </List>
        )}
      </Part>
      <Part title={t("newRun.signoffs")} count={(draft.signoffs ?? []).length} testId="preview-signoffs">
        {(draft.signoffs ?? []).length > 0 && (
          <List size="sm">
            {(draft.signoffs ?? []).map((s) => (
              <List.Item key={s.id} title={s.id}>
                {s.title} · {roleTitles.get(s.role) ?? s.role}
              </List.Item>
            ))}
          </List>
        )}
      </Part>
      <Part title={t("newRun.roles")} count={roles.length} testId="preview-roles">
        {roles.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("newRun.noRoles")}
          </Text>
        ) : (
          <Group gap="xs">
            {roles.map((r) => (
              <Badge key={r.value} variant="outline" tt="none" title={r.value}>
                {r.label}
              </Badge>
            ))}
          </Group>
        )}
      </Part>
    </Stack>
  );
}
