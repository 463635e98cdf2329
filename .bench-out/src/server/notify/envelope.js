/** The link to a run's dashboard screen, when the server knows its public address. */
export function runUrl(publicUrl, runId, screen = "") {
    if (!publicUrl)
        return undefined;
    return `${publicUrl.replace(/\/+$/, "")}/runs/${encodeURIComponent(runId)}${screen ? `/${screen}` : ""}`;
}
