import { Fragment } from "react";

/**
 * Text from a team's document with its `code` spans shown as code, as the Markdown it came from
 * meant them (`enableOaForCore`, `kubectl rollout status`). Everything stays text React escapes; an
 * unpaired backtick is kept as it is.
 */
export function InlineText({ text }: { text: string }) {
  const parts = text.split("`");
  if (parts.length < 3) return <>{text}</>;
  // An odd count of backticks leaves the last one unpaired: join it back to the text after it.
  const paired = parts.length % 2 === 1 ? parts : [...parts.slice(0, -2), `${parts.at(-2) ?? ""}\`${parts.at(-1) ?? ""}`];
  return (
    <>
      {paired.map((p, i) => (i % 2 === 1 && p ? <code key={i} className="inline-code">{p}</code> : <Fragment key={i}>{i % 2 === 1 ? "``" : p}</Fragment>))}
    </>
  );
}
