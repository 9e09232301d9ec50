import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';

/** Resilience: one exercise (helper U2). A placeholder until the page lands. */
export function ExercisePage() {
  const { t } = useTranslation();
  return <PageHeader title={t('resilience.nav.group')} />;
}
