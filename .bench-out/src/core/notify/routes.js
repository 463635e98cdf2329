import { EVENT_TYPES } from "./events.js";
// Which events a notification route takes: by type (exact, a family such as `incident.*`, or `*`)
// and by severity. Pure, shared by the validator and the server's routing.
/** A plausible single address: something@domain, no spaces, commas or angle brackets (those could add recipients). */
export const EMAIL_ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
/** The event types a pattern names (none: the pattern is unknown). */
export function typesOf(pattern) {
    if (pattern === "*")
        return EVENT_TYPES.filter((t) => t !== "test");
    if (pattern.endsWith(".*"))
        return EVENT_TYPES.filter((t) => t.startsWith(pattern.slice(0, -1)));
    return EVENT_TYPES.filter((t) => t === pattern);
}
/**
 * Whether a route takes an event: its type is named by one of `events`, and, when the route
 * lists severities, the event carries one of them. A test send goes to the channel it names
 * whatever the filters say.
 */
export function routeTakes(route, e) {
    if (e.type === "test")
        return true;
    if (!route.events.some((p) => typesOf(p).includes(e.type)))
        return false;
    if (!route.severities.length)
        return true;
    return e.severity !== undefined && route.severities.some((s) => s.toLowerCase() === e.severity?.toLowerCase());
}
