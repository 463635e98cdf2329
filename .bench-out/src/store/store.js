/** A write based on a stale version: the caller must re-read and retry. */
export class ConflictError extends Error {
    expected;
    actual;
    name = "ConflictError";
    constructor(expected, actual) {
        super(`stale version ${expected}: the run is at version ${actual}`);
        this.expected = expected;
        this.actual = actual;
    }
}
/** The record a change refers to does not exist. */
export class NotFoundError extends Error {
    name = "NotFoundError";
}
/** A record with this key exists already. */
export class DuplicateError extends Error {
    name = "DuplicateError";
}
