import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';

/** Resilience: exercises (helper U2). A placeholder until the page lands. */
export function ExercisesPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('resilience.nav.group')} />;
}
