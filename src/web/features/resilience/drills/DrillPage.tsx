import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';

/** Resilience: one restore drill (helper U2). A placeholder until the page lands. */
export function DrillPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('resilience.nav.group')} />;
}
