import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';

/** Placeholder until the screen lands. */
export function ConnectionsPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('connections.nav.connections')} />;
}
