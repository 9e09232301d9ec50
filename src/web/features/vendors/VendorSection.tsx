import type { ReactNode } from 'react';
import { ActionIcon, Button, Card, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';

/** One part of the vendor page: a labelled region with an h2, an optional explanation and actions. */
export function VendorSection({ id, title, description, actions, children }: { id: string; title: string; description?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  const titleId = `${id}-title`;
  return (
    <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby={titleId} id={id}>
      <Group justify="space-between" align="flex-start" gap="sm" mb="xs" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 16rem' }}>
          <Title order={2} size="h4" id={titleId}>
            {title}
          </Title>
          {description ? (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          ) : null}
        </Stack>
        {actions ? <Group gap="xs">{actions}</Group> : null}
      </Group>
      {children}
    </Card>
  );
}

/** Edit and delete icon buttons for one item, named after it. */
export function ItemActions({ editLabel, deleteLabel, onEdit, onDelete }: { editLabel: string; deleteLabel: string; onEdit: () => void; onDelete: () => void }) {
  return (
    <Group gap={4} wrap="nowrap" className="no-print">
      <Tooltip label={editLabel} withArrow>
        <ActionIcon variant="subtle" color="gray" aria-label={editLabel} onClick={onEdit}>
          <IconPencil size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={deleteLabel} withArrow>
        <ActionIcon variant="subtle" color="red" aria-label={deleteLabel} onClick={onDelete}>
          <IconTrash size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}

/** A section header's small button: adds an item (the default icon) or, with another icon, changes the section's list. */
export function SectionButton({ icon, onClick, children }: { icon?: ReactNode; onClick: () => void; children: ReactNode }) {
  return (
    <Button size="xs" variant="light" leftSection={icon ?? <IconPlus size={14} aria-hidden />} onClick={onClick}>
      {children}
    </Button>
  );
}
