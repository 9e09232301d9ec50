import { Badge, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

const STEPS = ['assets', 'connections', 'vulnerabilities', 'checklist', 'contacts'] as const;

/**
 * "Empty states teach": what a new facility should do first, in order. The modules are not built
 * yet, so each step is marked as coming soon instead of linking nowhere.
 */
export function FirstSteps({ facilityName }: { facilityName: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="xs" mb="md">
        <Title order={2} size="h3">
          {t('dashboard.firstSteps.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('dashboard.firstSteps.description', { facility: facilityName })}
        </Text>
      </Stack>
      <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {STEPS.map((step, i) => (
          <Card component="li" key={step} withBorder radius="sm" p="md" bg="gray.0">
            <Group align="flex-start" wrap="nowrap" gap="md">
              <ThemeIcon size={36} radius="xl" variant="filled" color="blue" aria-hidden>
                <Text fw={700} c="white">
                  {i + 1}
                </Text>
              </ThemeIcon>
              <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                <Group gap="xs" wrap="wrap">
                  <Text fw={700}>
                    {t(`dashboard.firstSteps.steps.${step}.title`)}
                  </Text>
                  <Badge color="gray" variant="light" leftSection={<IconClockHour4 size={12} aria-hidden />} style={{ textTransform: 'none' }}>
                    {t('dashboard.firstSteps.comingSoon')}
                  </Badge>
                </Group>
                <Text size="sm">{t(`dashboard.firstSteps.steps.${step}.description`)}</Text>
              </Stack>
            </Group>
          </Card>
        ))}
      </Stack>
      <Text size="xs" c="dimmed" mt="md">
        {t('dashboard.firstSteps.comingSoonNote')}
      </Text>
    </Card>
  );
}
