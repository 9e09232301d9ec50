import { Group, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function Brand({ withTagline = false }: { withTagline?: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap={8} wrap="nowrap">
      <IconShieldCheck size={28} color="var(--mantine-color-blue-9)" aria-hidden />
      <Text fw={800} size="lg" c="blue.9" style={{ whiteSpace: 'nowrap' }}>
        {t('app.brand')}
      </Text>
      {withTagline ? (
        <Text size="sm" c="dimmed" visibleFrom="xs">
          {t('app.tagline')}
        </Text>
      ) : null}
    </Group>
  );
}
