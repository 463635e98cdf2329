// The formatters live in src/core/text (the HTML report uses them too); the dashboard imports them here.
export * from "../../../src/core/text/time.ts";
