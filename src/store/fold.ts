import { Facts, type IncidentFact, type PhaseFact, type TaskFact } from "../core/model/facts.ts";
import type { FactInput, RunRecord } from "./store.ts";

/** Folds a run's stored facts, oldest first, into the model's `Facts`. */
export function foldFacts(run: RunRecord, stored: readonly FactInput[]): Facts {
  const facts = Facts.parse({ run: { ...run.meta, id: run.id, name: run.name, kind: run.kind }, assignments: run.assignments });
  const incidents = new Map<string, IncidentFact>();
  const phases = new Map<string, PhaseFact>();
  const tasks = new Map<string, TaskFact>();
  for (const f of stored) {
    switch (f.kind) {
      case "item": facts.items.push(f.data); break;
      case "check": facts.checks.push(f.data); break;
      case "signoff": facts.signoffs.push(f.data); break;
      case "waiver": facts.waivers.push(f.data); break;
      case "step": facts.steps.push(f.data); break;
      case "checkpoint": facts.checkpoints.push(f.data); break;
      case "attestation": facts.attestations.push(f.data); break;
      case "wave": facts.waves.push(f.data); break;
      case "incident": incidents.set(f.data.id, { ...f.data, updates: [...f.data.updates] }); break;
      case "incident_update": {
        const inc = incidents.get(f.data.id);
        if (!inc) break;
        const { id: _id, text, at, by, ...fields } = f.data;
        for (const [k, v] of Object.entries(fields)) if (v !== undefined) (inc as Record<string, unknown>)[k] = v;
        inc.updates.push({ at, by, text });
        break;
      }
      case "incident_resolve": {
        const inc = incidents.get(f.data.id);
        if (inc) inc.resolved_at = f.data.at;
        if (inc && f.data.alert) inc.alert = f.data.alert;
        break;
      }
      case "phase": {
        const prev = phases.get(f.data.phase);
        phases.set(f.data.phase, { ...prev, ...stripUndefined(f.data) });
        break;
      }
      case "task": {
        const prev = tasks.get(f.data.task);
        tasks.set(f.data.task, { ...prev, ...stripUndefined(f.data) });
        break;
      }
    }
  }
  facts.incidents = [...incidents.values()];
  facts.phases = [...phases.values()];
  facts.tasks = [...tasks.values()];
  return facts;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
