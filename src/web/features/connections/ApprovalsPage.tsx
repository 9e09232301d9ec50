import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';

/** Placeholder until the screen lands. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('connections.nav.approvals')} />;
}
