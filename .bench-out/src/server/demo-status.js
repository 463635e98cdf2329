/** The demo as the API shows it. */
export function publicDemo(d) {
    return { state: d.state, systems: d.systems, runs: d.runs, ...(d.message ? { message: d.message } : {}), ...(d.startMs !== undefined ? { start_ms: d.startMs } : {}) };
}
