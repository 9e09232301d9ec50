import { Button } from '@mantine/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PATHS } from '../../paths.ts';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <EmptyState
        title={t('notFound.message')}
        action={
          <Button component={Link} to={PATHS.dashboard}>
            {t('notFound.back')}
          </Button>
        }
      />
    </>
  );
}
