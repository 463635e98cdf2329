import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { keys } from "./queries.ts";

/**
 * Follows a run's event stream: every change refreshes the run's queries. The browser's
 * EventSource reconnects by itself and sends Last-Event-ID, so the server replays what was missed.
 */
export function useLiveRun(runId: string): boolean {
  const qc = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const es = new EventSource(`/api/runs/${encodeURIComponent(runId)}/events`);
    const refresh = () => void qc.invalidateQueries({ queryKey: keys.run(runId) });
    es.addEventListener("open", () => {
      setConnected(true);
      // Whatever happened while we were away is in the replay, but the status may be newer still.
      refresh();
    });
    es.addEventListener("error", () => setConnected(false));
    es.addEventListener("change", refresh);
    return () => es.close();
  }, [runId, qc]);
  return connected;
}
