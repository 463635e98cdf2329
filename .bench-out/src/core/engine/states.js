// The states the engine computes, on their own so that reasons (reason-params.ts) and the
// status types (types.ts) can both name them without importing each other.
export {};
