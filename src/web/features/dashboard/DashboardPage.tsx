import { Grid, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useSession } from '../session/SessionContext.tsx';
import { FacilityCard } from './FacilityCard.tsx';
import { FirstSteps } from './FirstSteps.tsx';
import { ResilienceCard } from './ResilienceCard.tsx';
import { SecurityStatusCard } from './SecurityStatusCard.tsx';

export function DashboardPage() {
  const { t } = useTranslation();
  const { me, currentFacility } = useSession();
  return (
    <>
      <PageHeader
        title={t('dashboard.title')}
        description={currentFacility ? t('dashboard.welcome', { name: me.user.displayName, facility: currentFacility.name }) : t('dashboard.welcomeNoFacility', { name: me.user.displayName })}
      />
      {currentFacility ? (
        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <FirstSteps facilityId={currentFacility.id} facilityName={currentFacility.name} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="lg">
              <FacilityCard facilityId={currentFacility.id} />
              <ResilienceCard facilityId={currentFacility.id} />
              <SecurityStatusCard />
            </Stack>
          </Grid.Col>
        </Grid>
      ) : (
        <Stack gap="lg">
          <EmptyState title={t('dashboard.noFacility.title')} description={t('dashboard.noFacility.description')} />
          <SecurityStatusCard />
        </Stack>
      )}
    </>
  );
}
