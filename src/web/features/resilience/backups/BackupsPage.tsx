import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';

/** Resilience: backups (helper U1). A placeholder until the page lands. */
export function BackupsPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('resilience.nav.group')} />;
}
