import { Anchor, Group, Text } from "@mantine/core";
import type { Evidence } from "../../api/types.ts";

/** Only web links become anchors: a `javascript:` or `data:` "link" stays plain text. */
export function safeHref(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

/** Evidence as people read it: text, links that open elsewhere, files to download. */
export function EvidenceView({ evidence }: { evidence: Evidence[] }) {
  if (evidence.length === 0) return null;
  return (
    <Group gap="xs" data-testid="evidence">
      {evidence.map((e, i) => {
        const key = `${e.kind}:${e.value}:${i}`;
        if (e.kind === "link") {
          const href = safeHref(e.value);
          return href ? (
            <Anchor key={key} href={href} target="_blank" rel="noopener noreferrer" size="sm">
              {e.value}
            </Anchor>
          ) : (
            <Text key={key} size="sm">
              {e.value}
            </Text>
          );
        }
        if (e.kind === "file" && e.sha256) {
          return (
            <Anchor key={key} href={`/api/files/${e.sha256}`} size="sm" download>
              📎 {e.value}
            </Anchor>
          );
        }
        return (
          <Text key={key} size="sm" className="evidence-text">
            “{e.value}”
          </Text>
        );
      })}
    </Group>
  );
}
