import type { ReactNode } from 'react';
import { Card, Group, Title } from '@mantine/core';

/**
 * One part of a page: a card that is a region named by its h2 (`id` is the heading's id). `icon` goes before the
 * heading; `aside` (a link, a button) at the right end of the heading line.
 */
export function SectionCard({ id, title, icon, aside, children }: { id: string; title: ReactNode; icon?: ReactNode; aside?: ReactNode; children: ReactNode }) {
  const heading = (
    <Title order={2} size="h4" mb={icon || aside ? undefined : 'xs'} id={id}>
      {title}
    </Title>
  );
  return (
    <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby={id}>
      {aside ? (
        <Group justify="space-between" mb="xs" wrap="wrap">
          {icon ? (
            <Group gap="xs">
              {icon}
              {heading}
            </Group>
          ) : (
            heading
          )}
          {aside}
        </Group>
      ) : icon ? (
        <Group gap="xs" mb="xs">
          {icon}
          {heading}
        </Group>
      ) : (
        heading
      )}
      {children}
    </Card>
  );
}
