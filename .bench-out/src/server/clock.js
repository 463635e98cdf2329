// The server's time source, on its own so that services and the context need not import each other.
export const systemClock = { now: () => new Date() };
