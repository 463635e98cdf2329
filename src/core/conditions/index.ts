export type {
  BooleanLiteral,
  CompareNode,
  CompareOp,
  Condition,
  ConditionError,
  ConditionExpr,
  ConditionResult,
  ContainsNode,
  ExistsNode,
  Literal,
  LogicNode,
  MatchesNode,
  NotNode,
  NullLiteral,
  NumberLiteral,
  Operand,
  ParseConditionResult,
  ParsedCondition,
  PathSegment,
  QuantityType,
  ScalarType,
  Span,
  StringLiteral,
  ValuePath,
  ValueSignature,
  ValueType,
} from "./types.ts";
export { parseCondition } from "./parse.ts";
export { evaluateCondition } from "./evaluate.ts";
export { conditionSource } from "./print.ts";
export { describeValueType, formatValue } from "./format.ts";
export { BYTE_UNITS, DURATION_UNITS } from "./units.ts";
export { CONDITION_GRAMMAR } from "./grammar.ts";
