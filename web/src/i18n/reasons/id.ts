// The templates live in src/core/text/reasons (the HTML report says reasons too).
export * from "../../../../src/core/text/reasons/id.ts";
