import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { TokensSection } from './TokensSection.tsx';

export function TokensPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('tokens.title')} />
      <TokensSection />
    </>
  );
}
