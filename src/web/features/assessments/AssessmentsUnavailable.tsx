import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useSession } from '../session/SessionContext.tsx';

/** Shown when there is no current facility, or the user's roles there do not include the checklists. */
export function AssessmentsUnavailable({ title }: { title: string }) {
  const { t } = useTranslation();
  const { currentFacility } = useSession();
  return (
    <>
      <PageHeader title={title} />
      {currentFacility ? (
        <EmptyState title={t('errors.FORBIDDEN')} description={t('assessments.unavailable', { facility: currentFacility.name })} />
      ) : (
        <EmptyState title={t('dashboard.noFacility.title')} description={t('dashboard.noFacility.description')} />
      )}
    </>
  );
}
