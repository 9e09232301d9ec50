import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';

/** Resilience: one BCP version: editor / approved view (helper U3). A placeholder until the page lands. */
export function BcpVersionPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('resilience.nav.group')} />;
}
