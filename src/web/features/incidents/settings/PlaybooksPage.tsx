import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconBook2, IconBuildingHospital, IconInfoCircle, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import type { PlaybookSummaryDto } from '../../../../shared/contracts/incident-playbooks.contract.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { usePermissions } from '../../session/permissions.ts';
import { useIncidentLabels } from './labels.ts';
import { usePlaybooks } from './settings.ts';

/** Playbooks: the nine case categories, each with the playbook in use (standard or this facility's copy) and its version. */
export function PlaybooksPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { currentFacility } = useSession();
  const facilityId = currentFacility?.id ?? null;
  const canRead = facilityId !== null && (perm.isAdmin || perm.can('incident.read', facilityId));
  const canManage = facilityId !== null && (perm.isAdmin || perm.can('incident.manage', facilityId));
  const list = usePlaybooks(facilityId, canRead);

  if (!facilityId || !canRead) {
    return (
      <>
        <PageHeader title={t('incidentSettings.playbooks.title')} />
        <EmptyState title={t('errors.FORBIDDEN')} description={t('incidentSettings.playbooks.unavailable')} />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('incidentSettings.playbooks.title')} description={t('incidentSettings.playbooks.description')} />
      <Stack gap="md">
        <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
          {t('incidentSettings.playbooks.existingCases')}
          {canManage ? null : ` ${t('incidentSettings.playbooks.readOnly')}`}
        </Alert>
        {list.isPending ? <Loading /> : null}
        {list.error ? <ErrorAlert error={list.error} /> : null}
        {list.data ? (
          <SimpleGrid component="ul" cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {list.data.playbooks.map((p) => (
              <li key={p.category}>
                <PlaybookCard playbook={p} canManage={canManage} />
              </li>
            ))}
          </SimpleGrid>
        ) : null}
      </Stack>
    </>
  );
}

function PlaybookCard({ playbook: p, canManage }: { playbook: PlaybookSummaryDto; canManage: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useIncidentLabels();
  const name = labels.category(p.category);
  const facility = p.source === 'facility';
  return (
    <Paper withBorder radius="md" p="md" h="100%" data-testid="playbook-card" data-category={p.category} data-source={p.source}>
      <Stack gap={6} h="100%">
        <Text fw={700} size="lg" lh={1.4}>
          {name}
        </Text>
        <Text size="sm" c="dimmed" lh={1.6}>
          {labels.text(p.title)}
        </Text>
        <Group gap="xs" wrap="wrap">
          <Badge
            variant={facility ? 'filled' : 'light'}
            color={facility ? 'teal' : 'gray'}
            radius="sm"
            leftSection={facility ? <IconBuildingHospital size={12} aria-hidden /> : <IconBook2 size={12} aria-hidden />}
            style={{ textTransform: 'none' }}
            data-testid="playbook-source"
          >
            {facility ? t('incidentSettings.playbooks.facility') : t('incidentSettings.playbooks.builtin')}
          </Badge>
          <Text size="sm" ff="monospace" data-testid="playbook-version">
            {t('incidentSettings.playbooks.version', { version: p.version })}
          </Text>
        </Group>
        <Group gap="md" wrap="wrap">
          <Text size="sm">{t('incidentSettings.playbooks.items', { count: p.items })}</Text>
          {p.unverifiedItems > 0 ? (
            <Tooltip label={t('incidentSettings.playbooks.unverifiedHelp')} withArrow multiline w={260}>
              <Text size="sm" c="dimmed" tabIndex={0} td="underline dotted">
                {t('incidentSettings.playbooks.unverified', { count: p.unverifiedItems })}
              </Text>
            </Tooltip>
          ) : null}
        </Group>
        {facility && p.updatedAt ? (
          <Text size="xs" c="dimmed">
            {t('incidentSettings.playbooks.updated', { date: fmt.dateTime(p.updatedAt), name: p.updatedBy?.name ?? t('common.unknown') })}
          </Text>
        ) : null}
        <Group mt="auto" pt="xs">
          <Button
            component={Link}
            to={PATHS.incidentPlaybook(p.category)}
            variant={canManage ? 'light' : 'default'}
            size="sm"
            leftSection={canManage ? <IconPencil size={16} aria-hidden /> : <IconBook2 size={16} aria-hidden />}
            aria-label={t('incidentSettings.playbooks.openLabel', { name })}
          >
            {canManage ? t('incidentSettings.playbooks.editLink') : t('incidentSettings.playbooks.open')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
