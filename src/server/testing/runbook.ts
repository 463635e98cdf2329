/** A small runbook that exercises every resource of the API; `url` is what its HTTP check probes. */
export function testRunbook(url = "http://127.0.0.1:9/healthz"): string {
  return `golive: 1
meta:
  id: api-test
  title: API test runbook
  date: 2026-05-28
  timezone: UTC
roles:
  - { id: po, title: PO, members: [pat] }
  - { id: qa, title: QA Lead, members: [quinn, pat] }
  - { id: devops, title: DevOps, members: [dev] }
sections:
  - id: prep
    title: Preparation
    items:
      - { id: backup, title: Database backup taken, owner: devops, evidence: required }
      - { id: smoke, title: Smoke test on staging, owner: qa }
      - { id: health, title: API answers, check: api-health }
checks:
  - id: api-health
    kind: http
    config: { url: "${url}" }
    conditions: ["status == 200"]
    interval: 1m
gates:
  - id: ready
    title: Ready to deploy
    requires: { items: [backup, smoke] }
signoffs:
  - { id: po-ok, title: PO accepts, role: po, requires: { gates: [ready] } }
  - { id: qa-ok, title: QA accepts, role: qa, requires: { gates: [ready] }, separate_from: [po-ok] }
waves:
  - id: w1
    title: Wave 1
    requires: { gates: [ready] }
    exit:
      - { id: w1-survey, title: Survey score, target: ">= 4", attest: { by: qa, condition: "value >= 4" } }
steps:
  - { id: s1, title: Apply migration, owner: devops }
  - { id: s2, title: Deploy image, owner: devops }
timeline:
  phases:
    - id: p1
      title: Cutover
      start: "06:00"
      end: "10:00"
      checkpoint: { id: cp1, title: Go for traffic, at: "09:00", approvers: po }
waivers:
  - { id: wp, title: Gate waiver, targets: [ready], grantors: po, max_duration: 24h }
incidents:
  severities:
    - { id: P1, title: Critical }
    - { id: P2, title: Major }
`;
}

/** A runbook whose one command check `migrate` runs `run`, required by gate G-1 (the approval tests'). */
export function commandRunbook(run: string): string {
  return `golive: 1
meta: { id: cmd, title: Commands, timezone: UTC }
checks:
  - { id: migrate, kind: command, config: { run: "${run}" } }
gates:
  - { id: G-1, title: Migrated, requires: { checks: [migrate] } }
`;
}
