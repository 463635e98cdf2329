import { Badge, Card, Group, List, Stack, Table, Text, Title } from "@mantine/core";
import { useI18n } from "../../i18n/i18n.tsx";
import { useRunData } from "../../shell/run-data.tsx";
import { asList, roleTitle } from "../../shell/runbook-index.ts";
import { IncidentsPanel } from "./incidents-panel.tsx";

interface ProcedureStep {
  id?: string | undefined;
  title: string;
  command?: string | undefined;
  notes?: string | undefined;
}

function ProcedureList({ steps }: { steps: ProcedureStep[] }) {
  return (
    <List type="ordered" size="sm" className="reasons">
      {steps.map((p, i) => (
        <List.Item key={p.id ?? i}>
          {p.title}
          {p.command && <pre className="pre">$ {p.command}</pre>}
          {p.notes && (
            <Text size="xs" c="dimmed">
              {p.notes}
            </Text>
          )}
        </List.Item>
      ))}
    </List>
  );
}

/** The rollback plan (triggers, tiers, decision matrix) and the incidents. */
export default function RollbackScreen() {
  const { t } = useI18n();
  const { runbook } = useRunData();
  const rb = runbook.runbook;
  const plan = rb.rollback;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("rollback.title")}
      </Title>
      {!plan && <Text>{t("rollback.none")}</Text>}
      {plan?.principle && (
        <Card withBorder>
          <Text fw={600}>{t("rollback.principle")}</Text>
          <Text size="sm">{plan.principle}</Text>
        </Card>
      )}
      {plan && plan.triggers.length > 0 && (
        <Card withBorder>
          <Title order={2} size="h4">
            {t("rollback.triggers")}
          </Title>
          <div className="table-wrap">
            <Table fz="sm">
              <Table.Tbody>
                {plan.triggers.map((tr) => (
                  <Table.Tr key={tr.id}>
                    <Table.Td fw={600}>{tr.id}</Table.Td>
                    <Table.Td>{tr.title}</Table.Td>
                    <Table.Td ff="monospace">{tr.condition ?? tr.check ?? ""}</Table.Td>
                    <Table.Td>{tr.severity ?? ""}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </Card>
      )}
      {plan && plan.tiers.length > 0 && (
        <>
          <Title order={2} size="h4">
            {t("rollback.tiers")}
          </Title>
          {plan.tiers.map((tier) => (
            <Card withBorder key={tier.id} data-testid={`tier-${tier.id}`}>
              <Group gap="xs">
                <Text fw={700}>{tier.id}</Text>
                <Text fw={600}>{tier.title}</Text>
                {tier.budget && <Badge variant="outline">{t("rollback.budget", { budget: tier.budget })}</Badge>}
                {tier.downtime && <Badge color="orange">{t("rollback.downtime")}</Badge>}
              </Group>
              {tier.description && <Text size="sm">{tier.description}</Text>}
              {tier.actions.length > 0 && (
                <div className="table-wrap">
                  <Table fz="sm">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t("rollback.trigger")}</Table.Th>
                        <Table.Th>{t("rollback.action")}</Table.Th>
                        <Table.Th>{t("rollback.verify")}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {tier.actions.map((a, i) => (
                        <Table.Tr key={a.id ?? i}>
                          <Table.Td>{a.title ? `${a.title}: ` : ""}{a.trigger ?? ""}</Table.Td>
                          <Table.Td>{a.action}</Table.Td>
                          <Table.Td>{a.verify ?? ""}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </div>
              )}
            </Card>
          ))}
        </>
      )}
      {plan && plan.decision_matrix.length > 0 && (
        <Card withBorder>
          <Title order={2} size="h4">
            {t("rollback.matrix")}
          </Title>
          <div className="table-wrap">
            <Table fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("rollback.issue")}</Table.Th>
                  <Table.Th>{t("rollback.severity")}</Table.Th>
                  <Table.Th>{t("rollback.rollback")}</Table.Th>
                  <Table.Th>{t("rollback.approvers")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plan.decision_matrix.map((d) => (
                  <Table.Tr key={`${d.issue}:${d.severity}`}>
                    <Table.Td>{d.issue}</Table.Td>
                    <Table.Td>{d.severity}</Table.Td>
                    <Table.Td>{t(`rollback.${d.rollback}`)}</Table.Td>
                    <Table.Td>{asList(d.approvers).map((r) => roleTitle(rb, r)).join(", ")}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </Card>
      )}
      {plan && (plan.procedure.length > 0 || plan.notes.length > 0) && (
        <Card withBorder>
          {plan.procedure.length > 0 && (
            <>
              <Title order={2} size="h4">
                {t("rollback.procedure")}
              </Title>
              <ProcedureList steps={plan.procedure} />
            </>
          )}
          {plan.notes.length > 0 && (
            <>
              <Title order={2} size="h4" mt="sm">
                {t("rollback.notes")}
              </Title>
              <List size="sm" className="reasons">
                {plan.notes.map((n) => (
                  <List.Item key={n}>{n}</List.Item>
                ))}
              </List>
            </>
          )}
        </Card>
      )}
      {(rb.incidents?.immediate_actions.length ?? 0) > 0 && (
        <Card withBorder>
          <Title order={2} size="h4">
            {t("incidents.immediate")}
          </Title>
          <ProcedureList steps={rb.incidents?.immediate_actions ?? []} />
        </Card>
      )}
      <IncidentsPanel />
    </Stack>
  );
}
