import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';

/** Resilience: the cyber BCP: versions (helper U3). A placeholder until the page lands. */
export function BcpPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('resilience.nav.group')} />;
}
