import type { CheckResultFact } from "../../api/types.ts";

const W = 320;
const H = 48;

/**
 * A check's recent results as bars: height is the duration (relative to the slowest shown),
 * colour and a title give the outcome, so the chart reads without colour too.
 */
export function HistoryChart({ results, label }: { results: CheckResultFact[]; label: string }) {
  if (results.length === 0) return null;
  const max = Math.max(1, ...results.map((r) => r.duration_ms));
  const slot = W / Math.max(results.length, 10);
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} preserveAspectRatio="none" data-testid="history-chart">
      {results.map((r, i) => {
        const h = Math.max(4, (r.duration_ms / max) * (H - 4));
        return (
          <rect key={`${r.at}:${i}`} className={r.outcome} x={i * slot + 1} y={H - h} width={Math.max(2, slot - 2)} height={h} rx={1}>
            <title>{`${r.at} · ${r.outcome} · ${r.duration_ms} ms`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
