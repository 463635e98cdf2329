export { parseCondition } from "./parse.js";
export { evaluateCondition } from "./evaluate.js";
export { conditionSource } from "./print.js";
export { describeValueType, formatValue } from "./format.js";
export { BYTE_UNITS, DURATION_UNITS } from "./units.js";
export { CONDITION_GRAMMAR } from "./grammar.js";
