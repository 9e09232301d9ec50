import type { ReactNode } from 'react';
import { ActionIcon, Anchor, Box, Button, Group, Paper, Stack, Text, ThemeIcon, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconClock, IconMail, IconPencil, IconPhone, IconTrash, IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ContactEntryDto } from '../../../shared/contracts/contacts.contract.ts';
import { entryName, telHref } from './contacts.ts';

export interface CardControls {
  /** ↑ / ↓ (absent when the entry cannot move that way, or no write permission). */
  onUp?: () => void;
  onDown?: () => void;
  onEdit: () => void;
  onDelete: () => void;
}

/**
 * One person or party of the chart, as a card: call number (internal chain), role, name in large type, phones as big
 * tel: buttons (tappable on a phone), email as mailto:, availability, the linked mamori user, notes; the deputies
 * under it; edit / delete / ↑ / ↓ for the security manager.
 */
export function ContactCard({ entry, number, deputies = [], controls, deputyControls }: { entry: ContactEntryDto; number?: number; deputies?: ContactEntryDto[]; controls?: CardControls; deputyControls?: (d: ContactEntryDto) => CardControls | undefined }) {
  const { t } = useTranslation();
  const name = entryName(entry);
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} data-contact-id={entry.id} data-testid="contact-card">
      <Group align="flex-start" wrap="nowrap" gap="sm">
        {number !== undefined ? (
          <>
            <ThemeIcon size={44} radius="xl" variant="filled" color="blue" aria-hidden style={{ flexShrink: 0 }}>
              <Text fw={700} fz="xl" c="white">
                {number}
              </Text>
            </ThemeIcon>
            <VisuallyHidden>{t('incidents.contacts.card.callOrder', { n: number })}</VisuallyHidden>
          </>
        ) : null}
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
            <Box style={{ minWidth: 0 }}>
              <Text fw={700} c="blue.9" size="sm">
                {entry.roleLabel}
              </Text>
              <Text fw={700} fz={{ base: 'xl', sm: '1.5rem' }} lh={1.4} style={{ overflowWrap: 'anywhere' }} data-testid="contact-name">
                {name}
              </Text>
              {entry.name && entry.organization ? (
                <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {entry.organization}
                </Text>
              ) : null}
            </Box>
            {controls ? <Controls name={name} controls={controls} idBase={entry.id} /> : null}
          </Group>
          <Reach entry={entry} />
          {deputies.length > 0 ? (
            <Stack gap="xs" component="ul" aria-label={t('incidents.contacts.card.deputiesLabel', { name })} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {deputies.map((dep) => {
                const c = deputyControls?.(dep);
                return (
                  <Paper component="li" key={dep.id} withBorder radius="sm" p="sm" bg="gray.0" data-contact-id={dep.id} data-testid="contact-deputy">
                    <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
                      <Box style={{ minWidth: 0 }}>
                        <Text fw={700} style={{ overflowWrap: 'anywhere' }}>
                          {t('incidents.contacts.card.deputy', { name: entryName(dep) })}
                        </Text>
                        <Text size="sm" c="dimmed">
                          {dep.roleLabel}
                        </Text>
                      </Box>
                      {c ? <Controls name={entryName(dep)} controls={c} idBase={dep.id} /> : null}
                    </Group>
                    <Box mt={6}>
                      <Reach entry={dep} />
                    </Box>
                  </Paper>
                );
              })}
            </Stack>
          ) : null}
        </Stack>
      </Group>
    </Paper>
  );
}

/** Phones, email, availability, user, notes. */
function Reach({ entry }: { entry: ContactEntryDto }) {
  const { t } = useTranslation();
  const phones = [
    { n: entry.phone, main: true },
    { n: entry.phoneAlt, main: false },
  ].filter((p): p is { n: string; main: boolean } => Boolean(p.n && telHref(p.n)));
  const lines: ReactNode[] = [];
  if (entry.email)
    lines.push(
      <Group key="mail" gap={6} wrap="nowrap">
        <IconMail size={18} aria-hidden style={{ flexShrink: 0 }} />
        <VisuallyHidden>{t('incidents.contacts.card.email')}</VisuallyHidden>
        <Anchor href={`mailto:${entry.email}`} style={{ overflowWrap: 'anywhere' }}>
          {entry.email}
        </Anchor>
      </Group>,
    );
  if (entry.availability)
    lines.push(
      <Group key="when" gap={6} wrap="nowrap">
        <IconClock size={18} aria-hidden style={{ flexShrink: 0 }} />
        <Text size="sm">
          {t('incidents.contacts.card.availability')}: {entry.availability}
        </Text>
      </Group>,
    );
  if (entry.user)
    lines.push(
      <Group key="user" gap={6} wrap="nowrap">
        <IconUser size={18} aria-hidden style={{ flexShrink: 0 }} />
        <Text size="sm">
          {t('incidents.contacts.card.user')}: {entry.user.name}
        </Text>
      </Group>,
    );
  return (
    <Stack gap={6}>
      {phones.length > 0 ? (
        <Group gap="xs" wrap="wrap">
          {phones.map((p) => (
            <Button
              key={p.n}
              component="a"
              href={telHref(p.n) ?? undefined}
              size="md"
              variant={p.main ? 'filled' : 'outline'}
              color="teal.9"
              leftSection={<IconPhone size={20} aria-hidden />}
              aria-label={`${p.main ? '' : `${t('incidents.contacts.card.phoneAlt')} `}${t('incidents.contacts.card.call', { phone: p.n })}`}
              styles={{ root: { minHeight: 48, maxWidth: '100%' }, label: { fontSize: '1.125rem', fontVariantNumeric: 'tabular-nums', whiteSpace: 'normal' } }}
            >
              {p.main ? p.n : `${t('incidents.contacts.card.phoneAlt')} ${p.n}`}
            </Button>
          ))}
        </Group>
      ) : (
        <Text size="sm" c="orange.9">
          {t('incidents.contacts.card.noPhone')}
        </Text>
      )}
      {lines}
      {entry.notes ? (
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {t('incidents.contacts.card.notes')}: {entry.notes}
        </Text>
      ) : null}
    </Stack>
  );
}

function Controls({ name, controls, idBase }: { name: string; controls: CardControls; idBase: string }) {
  const { t } = useTranslation();
  const up = t('incidents.contacts.card.moveUp', { name });
  const down = t('incidents.contacts.card.moveDown', { name });
  return (
    <Group gap={4} wrap="nowrap" className="no-print">
      <Tooltip label={up} withArrow>
        <ActionIcon id={`contact-${idBase}-up`} variant="default" size="lg" aria-label={up} disabled={!controls.onUp} onClick={controls.onUp}>
          <IconArrowUp size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={down} withArrow>
        <ActionIcon id={`contact-${idBase}-down`} variant="default" size="lg" aria-label={down} disabled={!controls.onDown} onClick={controls.onDown}>
          <IconArrowDown size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={t('incidents.contacts.card.editLabel', { name })} withArrow>
        <ActionIcon variant="default" size="lg" aria-label={t('incidents.contacts.card.editLabel', { name })} onClick={controls.onEdit}>
          <IconPencil size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={t('incidents.contacts.card.deleteLabel', { name })} withArrow>
        <ActionIcon variant="default" color="red" size="lg" aria-label={t('incidents.contacts.card.deleteLabel', { name })} onClick={controls.onDelete}>
          <IconTrash size={18} aria-hidden />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
