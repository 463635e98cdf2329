import { NOTIFY_SEND_SETTINGS, NOTIFY_SETTINGS, applySettings } from "./settings.js";
import { cellOf } from "./tables.js";
// A notification routes table (`| ID | Events | Severity | Send to | Settings |`, as the export
// writes it) to `notify.routes`. Events and severities are code spans or a comma list; where a
// route sends is `key=value` words (`webhook=`, `secret=`, `slack=`, `email=`). The validator
// then checks what a route must hold (one channel, secrets as `${env:NAME}`, known events).
const list = (text) => {
    const spans = [...text.matchAll(/`([^`]+)`/g)].map((m) => (m[1] ?? "").trim());
    return (spans.length ? spans : text.split(",")).map((x) => x.trim()).filter(Boolean);
};
/** Places each row as a route; a row without an id, events or a place to send to is reported. */
export function placeNotify(d, t, c) {
    for (const row of t.rows) {
        const cell = (f) => cellOf(t, c, row.cells, f);
        if (row.cells.every((x) => !x.trim()))
            continue;
        const route = { id: cell("id").replace(/`/g, ""), events: list(cell("events")), severities: list(cell("severity")) };
        applySettings(route, cell("send_to"), NOTIFY_SEND_SETTINGS);
        applySettings(route, cell("settings"), NOTIFY_SETTINGS);
        if (!route.id || !route.events.length || !["webhook", "slack", "email"].some((k) => k in route)) {
            d.skip(row.line, "table row", "notification route without an id, events or a place to send to", row.cells.join(" | "));
            continue;
        }
        const notify = (d.rb.notify ??= { routes: [] });
        notify.routes.push(route);
        d.count("notify_routes");
    }
    return true;
}
