import { ActionIcon, Anchor, Box, Button, Divider, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell, IconChecks } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useFormat } from '../../lib/format.ts';
import { useSession } from '../session/SessionContext.tsx';
import { notificationMessage, safeLink, useMarkAllRead, useMarkRead, useNotifications, type TNotification } from './notifications.ts';

/** The bell in the header: the unread count, and a list of the latest notifications with their links. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const list = useNotifications();
  const markAll = useMarkAllRead();
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];
  const label = unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell');
  return (
    <Indicator label={unread > 99 ? '99+' : unread} size={18} color="red" offset={6} disabled={unread === 0} inline>
      <Popover opened={opened} onChange={(o) => (o ? undefined : close())} position="bottom-end" width={380} shadow="md" withArrow trapFocus returnFocus>
        <Popover.Target>
          <ActionIcon variant="subtle" color="gray" size="lg" onClick={toggle} aria-label={label}>
            <IconBell aria-hidden />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={0} role="dialog" aria-label={t('notifications.title')}>
          <Group justify="space-between" px="sm" py="xs" wrap="nowrap">
            <Text fw={700} size="sm">
              {t('notifications.title')}
            </Text>
            {unread > 0 ? (
              <Button size="compact-xs" variant="subtle" leftSection={<IconChecks size={14} aria-hidden />} loading={markAll.isPending} onClick={() => markAll.mutate()}>
                {t('notifications.markAll')}
              </Button>
            ) : null}
          </Group>
          <Divider />
          {list.error ? (
            <Box p="sm">
              <ErrorAlert error={list.error} />
            </Box>
          ) : null}
          {list.data && items.length === 0 ? (
            <Text size="sm" p="sm" c="dimmed">
              {t('notifications.empty')}
            </Text>
          ) : null}
          {items.length > 0 ? (
            <ScrollArea.Autosize mah={420} type="auto">
              <Stack gap={0} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {items.map((n) => (
                  <NotificationItem key={n.id} n={n} onOpen={close} />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          ) : null}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}

function NotificationItem({ n, onOpen }: { n: TNotification; onOpen: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const markRead = useMarkRead();
  const { currentFacility, facilityOptions, setCurrentFacilityId, facilityName } = useSession();
  const text = notificationMessage(t, n, fmt.date);
  const link = safeLink(n.link);
  const unread = n.readAt === null;
  const otherFacility = n.facilityId && n.facilityId !== currentFacility?.id ? n.facilityId : null;
  const open = () => {
    if (unread) markRead.mutate(n.id);
    // A finding lives in its facility: switch to it first so the page can find it.
    if (otherFacility && facilityOptions.some((f) => f.id === otherFacility)) setCurrentFacilityId(otherFacility);
    onOpen();
    if (link) void navigate(link);
  };
  return (
    <Box component="li" px="sm" py="xs" bg={unread ? 'var(--mantine-color-blue-0)' : undefined} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
      <Stack gap={2}>
        {link ? (
          <UnstyledButton onClick={open} style={{ textAlign: 'left' }}>
            <Text size="sm" fw={unread ? 700 : 400} td="underline" c="var(--mantine-color-anchor)">
              {text}
            </Text>
          </UnstyledButton>
        ) : (
          <Text size="sm" fw={unread ? 700 : 400}>
            {text}
          </Text>
        )}
        <Group gap="xs" justify="space-between" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {unread ? `${t('notifications.unread')} · ` : ''}
            {fmt.relative(n.createdAt)}
            {otherFacility ? ` · ${facilityName(otherFacility)}` : ''}
          </Text>
          {unread ? (
            <Anchor component="button" type="button" size="xs" onClick={() => markRead.mutate(n.id)}>
              {t('notifications.markRead')}
            </Anchor>
          ) : null}
        </Group>
      </Stack>
    </Box>
  );
}
