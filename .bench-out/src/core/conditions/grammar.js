/**
 * The condition language, as a peggy grammar. Precedence: `not` > `and` > `or`.
 *
 * Actions build plain nodes (see types.ts). Problems that do not stop parsing (an unknown unit,
 * `=` for `==`, `a.x-y` for `a["x-y"]`) are handed to `options.report(message, offset, length)`
 * so that one pass reports all of them; numbers go through `options.quantity(negative, parts)`.
 */
export const CONDITION_GRAMMAR = String.raw `
{
  function span(loc) {
    return { offset: loc.start.offset, length: loc.end.offset - loc.start.offset };
  }
  function logic(kind, head, tail, loc) {
    return tail.length === 0 ? head : { kind, parts: [head, ...tail], ...span(loc) };
  }
}

Condition
  = _ @Or _

Or
  = head:And tail:(_ OrOp _ @And)* { return logic("or", head, tail, location()); }

And
  = head:Unary tail:(_ AndOp _ @Unary)* { return logic("and", head, tail, location()); }

Unary
  = NotKw _ operand:Unary { return { kind: "not", operand, ...span(location()) }; }
  / Primary

Primary
  = "(" _ @Or _ ")"
  / Test

Test
  = left:Operand _ tail:TestTail {
      return tail.kind === "exists" ? { ...tail, operand: left, ...span(location()) } : { ...tail, left, ...span(location()) };
    }

TestTail
  = op:CompareOp _ right:Operand { return { kind: "compare", op: op.op, opSpan: op.span, right }; }
  / op:ContainsOp _ right:Operand { return { kind: "contains", negated: op.negated, opSpan: op.span, right }; }
  / op:MatchesOp _ pattern:StringLit { return { kind: "matches", negated: op.negated, opSpan: op.span, pattern }; }
  / op:ExistsOp { return { kind: "exists", negated: op.negated, opSpan: op.span }; }

ContainsOp
  = neg:(NotKw _)? ContainsKw { return { negated: neg !== null, span: span(location()) }; }

MatchesOp
  = neg:(NotKw _)? MatchesKw { return { negated: neg !== null, span: span(location()) }; }

ExistsOp
  = neg:(NotKw _)? ExistsKw { return { negated: neg !== null, span: span(location()) }; }

CompareOp "operator"
  = op:("==" / "!=" / "<=" / ">=" / "<" / ">") { return { op, span: span(location()) }; }
  / "\u2260" { return { op: "!=", span: span(location()) }; }
  / "\u2264" { return { op: "<=", span: span(location()) }; }
  / "\u2265" { return { op: ">=", span: span(location()) }; }
  / "=" {
      const s = span(location());
      options.report("use == to compare (a single = is not an operator)", s.offset, s.length);
      return { op: "==", span: s };
    }

Operand "value"
  = StringLit
  / Quantity
  / BooleanLit
  / NullLit
  / Path

Path
  = root:Ident segments:Segment* {
      return { kind: "path", root, rootLength: root.length, segments, valueType: "any", ...span(location()) };
    }

Segment
  = "." key:$(FieldName ("-" [A-Za-z0-9_-]*)+) {
      const s = span(location());
      options.report("a name with '-' needs brackets: write [" + JSON.stringify(key) + "]", s.offset, s.length);
      return { kind: "key", key, ...s };
    }
  / "." name:FieldName { return { kind: "field", name, ...span(location()) }; }
  / "[" _ key:StringLit _ "]" { return { kind: "key", key: key.value, ...span(location()) }; }
  / "[" _ index:$[0-9]+ _ "]" { return { kind: "index", index: Number(index), ...span(location()) }; }

Ident
  = !Keyword @FieldName

FieldName
  = $([A-Za-z_] IdChar*)

IdChar
  = [A-Za-z0-9_]

Keyword
  = ("and"i / "or"i / "not"i / "contains"i / "matches"i / "exists"i / "true"i / "false"i / "null"i) !IdChar

Quantity "number"
  = negative:"-"? parts:QuantityPart|1..| !IdChar {
      const q = options.quantity(negative !== null, parts);
      const s = span(location());
      if (!q.ok) {
        options.report(q.message, q.offset, q.length);
        return { kind: "number", type: "number", value: 0, raw: text(), unit: undefined, ...s };
      }
      return { kind: "number", type: q.type, value: q.value, raw: q.raw, unit: q.unit, ...s };
    }

QuantityPart
  = digits:$([0-9]+ ("." [0-9]+)?) unit:Unit? {
      const s = span(location());
      return { digits, unit, offset: s.offset, length: s.length };
    }

Unit
  = $[A-Za-z]+
  / "%"
  / [ \t]+ @("%" / @KnownUnit !IdChar)

KnownUnit
  = $("ms" / "min" / "s" / "m" / "h" / "d" / "w" / "B" / "kB" / "KB" / "MB" / "GB" / "TB" / "KiB" / "MiB" / "GiB" / "TiB")

StringLit "string"
  = '"' chars:(DqChar*) '"' { return { kind: "string", value: chars.join(""), ...span(location()) }; }
  / "'" chars:(SqChar*) "'" { return { kind: "string", value: chars.join(""), ...span(location()) }; }

DqChar
  = "\\" @Escape
  / [^"\\]

SqChar
  = "\\" @Escape
  / [^'\\]

Escape
  = "n" { return "\n"; }
  / "r" { return "\r"; }
  / "t" { return "\t"; }
  / "\\" { return "\\"; }
  / '"' { return '"'; }
  / "'" { return "'"; }
  / c:. { return "\\" + c; }

BooleanLit
  = "true"i !IdChar { return { kind: "boolean", value: true, ...span(location()) }; }
  / "false"i !IdChar { return { kind: "boolean", value: false, ...span(location()) }; }

NullLit
  = "null"i !IdChar { return { kind: "null", ...span(location()) }; }

OrOp
  = "or"i !IdChar
  / "||"

AndOp
  = "and"i !IdChar
  / "&&"

NotKw
  = "not"i !IdChar

ContainsKw
  = "contains"i !IdChar

MatchesKw
  = "matches"i !IdChar

ExistsKw
  = "exists"i !IdChar

_ "whitespace"
  = [ \t\r\n]*
`;
