/** A scalar value type a check provider reports. `any` is JSON, checked at run time. */
export type ScalarType = "number" | "duration" | "bytes" | "percent" | "string" | "boolean" | "any";

/**
 * The type of a value a check reports: a scalar, a map (string keys, e.g. HTTP headers) or a list.
 * Run-time representations: duration = milliseconds, bytes = bytes, percent = ratio (0.997 is 99.7%).
 */
export type ValueType = ScalarType | { readonly map: ValueType } | { readonly list: ValueType };

/** The values a check kind reports, by top-level name. */
export type ValueSignature = Readonly<Record<string, ValueType>>;

/** The type of a number literal, decided by its unit. */
export type QuantityType = "number" | "duration" | "bytes" | "percent";

/** A position in the condition's source text (UTF-16 offsets, as JavaScript strings count). */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

/** A number with an optional unit: `200`, `1.5s`, `1h30m`, `256MB`, `99.5%`. */
export interface NumberLiteral extends Span {
  readonly kind: "number";
  readonly type: QuantityType;
  /** In the run-time representation: milliseconds, bytes, or a ratio for percents. */
  readonly value: number;
  /** The literal as canonically written (`1h30m`, `256MB`, `-5`). */
  readonly raw: string;
  /** The unit results are shown in (`s`, `MB`, `%`); undefined for plain numbers and compound durations. */
  readonly unit: string | undefined;
}

/** A quoted string. */
export interface StringLiteral extends Span {
  readonly kind: "string";
  readonly value: string;
}

/** `true` or `false`. */
export interface BooleanLiteral extends Span {
  readonly kind: "boolean";
  readonly value: boolean;
}

/** `null`. */
export interface NullLiteral extends Span {
  readonly kind: "null";
}

/** Any literal. */
export type Literal = NumberLiteral | StringLiteral | BooleanLiteral | NullLiteral;

/** One step below a value: `.name`, `["x-y"]` or `[0]`. */
export type PathSegment =
  | (Span & { readonly kind: "field"; readonly name: string })
  | (Span & { readonly kind: "key"; readonly key: string })
  | (Span & { readonly kind: "index"; readonly index: number });

/** A reference to a reported value: `status`, `body.status`, `headers["x-frame-options"]`, `result[0]`. */
export interface ValuePath extends Span {
  readonly kind: "path";
  readonly root: string;
  readonly rootLength: number;
  readonly segments: readonly PathSegment[];
  /** The static type after checking (`any` without a signature). */
  readonly valueType: ValueType;
}

/** Either side of a test. */
export type Operand = Literal | ValuePath;

/** A comparison operator, normalised (`≥` is `>=`, `≤` is `<=`, `≠` is `!=`). */
export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** `left op right`. */
export interface CompareNode extends Span {
  readonly kind: "compare";
  readonly op: CompareOp;
  readonly opSpan: Span;
  readonly left: Operand;
  readonly right: Operand;
}

/** `left contains right` / `left not contains right`: substring, list item or map key. */
export interface ContainsNode extends Span {
  readonly kind: "contains";
  readonly negated: boolean;
  readonly opSpan: Span;
  readonly left: Operand;
  readonly right: Operand;
}

/** `left matches "regex"` / `left not matches "regex"` (JavaScript regular expression syntax). */
export interface MatchesNode extends Span {
  readonly kind: "matches";
  readonly negated: boolean;
  readonly opSpan: Span;
  readonly left: Operand;
  readonly pattern: StringLiteral;
}

/** `path exists` / `path not exists`. */
export interface ExistsNode extends Span {
  readonly kind: "exists";
  readonly negated: boolean;
  readonly opSpan: Span;
  readonly operand: Operand;
}

/** `a and b and …` / `a or b or …`. */
export interface LogicNode extends Span {
  readonly kind: "and" | "or";
  readonly parts: readonly ConditionExpr[];
}

/** `not expr`. */
export interface NotNode extends Span {
  readonly kind: "not";
  readonly operand: ConditionExpr;
}

/** A node of a parsed condition. */
export type ConditionExpr = CompareNode | ContainsNode | MatchesNode | ExistsNode | LogicNode | NotNode;

/** A condition that parsed and type-checked; evaluate it with `evaluateCondition`. */
export interface Condition {
  /** The text as written in the runbook. */
  readonly source: string;
  readonly expr: ConditionExpr;
}

/** Alias used by the runbook model. */
export type ParsedCondition = Condition;

/** A problem in a condition, located by offset (and length) in its source. */
export interface ConditionError {
  message: string;
  offset: number;
  length?: number;
}

/** What `parseCondition` returns. */
export type ParseConditionResult = { ok: true; condition: Condition } | { ok: false; errors: ConditionError[] };

/** The outcome of evaluating a condition against observed values. */
export interface ConditionResult {
  outcome: "pass" | "fail" | "inconclusive";
  /** The condition with observed values: `p95 (1.3s) < 1s`. */
  text: string;
  /** Why a value could not be judged (missing, not a number, …), when that happened. */
  error?: string;
}
