import { Text } from "@mantine/core";
import type { ReactNode } from "react";

/** What a screen says when the runbook has nothing of its kind: never a blank page. */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" py="md" data-testid="empty-state">
      {children}
    </Text>
  );
}
