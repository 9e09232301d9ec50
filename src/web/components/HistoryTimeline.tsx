import { Badge, Group, Text, ThemeIcon, Timeline } from '@mantine/core';
import { IconX, type Icon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';

/** One entry of a record's history (a finding's, an external connection's): the shape both contracts share. */
export interface HistoryEvent<A extends string, S extends string> {
  id: string;
  at: string;
  actor: string;
  action: A;
  fromStatus: S | null;
  toStatus: S | null;
  comment: string | null;
}

/** The history's texts: `<prefix>.title` (the list's name), `.empty`, `.statusChange` ({{from}} → {{to}}), `.byAt` ({{actor}}, {{at}}), `.system`. */
export type HistoryMessages = 'vulns.history' | 'connections.history';

/**
 * A history as the server orders it: for each event what happened (its icon, never colour alone), who, when (JST),
 * the status change and the comment. An ordered list, so screen readers announce the count.
 */
export function HistoryTimeline<A extends string, S extends string>({
  events,
  messages,
  icons,
  colors,
  actionLabel,
  statusLabel,
}: {
  events: readonly HistoryEvent<A, S>[];
  messages: HistoryMessages;
  icons: Record<A, Icon>;
  colors: Partial<Record<A, string>>;
  actionLabel: (action: A) => string;
  statusLabel: (status: S) => string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (events.length === 0) return <Text size="sm">{t(`${messages}.empty`)}</Text>;
  return (
    <Timeline bulletSize={26} lineWidth={2} active={-1} aria-label={t(`${messages}.title`)} component="ol" style={{ listStyle: 'none', paddingLeft: 0 }}>
      {events.map((e) => {
        const EventIcon: Icon = icons[e.action] ?? IconX;
        return (
          <Timeline.Item
            key={e.id}
            component="li"
            bullet={
              <ThemeIcon size={26} radius="xl" variant="light" color={colors[e.action] ?? 'blue'}>
                <EventIcon size={14} aria-hidden />
              </ThemeIcon>
            }
            title={
              <Group gap="xs" wrap="wrap">
                <Text fw={700} size="sm">
                  {actionLabel(e.action)}
                </Text>
                {e.toStatus && e.fromStatus !== e.toStatus ? (
                  <Badge variant="outline" color="gray" radius="sm" style={{ textTransform: 'none' }}>
                    {e.fromStatus ? t(`${messages}.statusChange`, { from: statusLabel(e.fromStatus), to: statusLabel(e.toStatus) }) : statusLabel(e.toStatus)}
                  </Badge>
                ) : null}
              </Group>
            }
          >
            <Text size="xs" c="dimmed">
              {t(`${messages}.byAt`, { actor: e.actor === 'system' ? t(`${messages}.system`) : e.actor, at: fmt.dateTime(e.at) })}
            </Text>
            {e.comment ? (
              <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                {e.comment}
              </Text>
            ) : null}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
