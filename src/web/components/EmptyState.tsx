import type { ReactNode } from 'react';
import { Box, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';

export function EmptyState({ title, description, action, icon }: { title: string; description?: ReactNode; action?: ReactNode; icon?: ReactNode }) {
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack align="center" gap="xs" ta="center">
        <ThemeIcon size={48} radius="xl" variant="light" color="gray" aria-hidden>
          {icon ?? <IconInbox size={28} />}
        </ThemeIcon>
        <Text fw={700}>{title}</Text>
        {typeof description === 'string' ? (
          <Text size="sm" c="dimmed" maw={520}>
            {description}
          </Text>
        ) : description ? (
          // Structured content (lists, links) cannot sit inside a paragraph.
          <Box maw={560} w="100%">
            {description}
          </Box>
        ) : null}
        {action}
      </Stack>
    </Paper>
  );
}
