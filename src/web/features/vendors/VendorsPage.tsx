import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';

/** Placeholder until the screen lands. */
export function VendorsPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('vendors.nav.vendors')} />;
}
