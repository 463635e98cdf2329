export { systemClock } from "./clock.js";
/** The caller; routes past the access check always have one. */
export function principalOf(req) {
    if (!req.principal)
        throw new Error("route without access control reached a handler");
    return req.principal;
}
