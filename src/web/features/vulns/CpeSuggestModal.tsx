import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, Radio, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { notify } from '../../components/notify.ts';
import { isCpe23 } from '../../../shared/ledger.ts';
import type { TAssetDetail } from '../../../shared/contracts/ledger.contract.ts';
import { ledgerPath, useLedgerChanged } from '../ledger/ledger.ts';
import { cpeWithVersion, useCpeSuggestions, VULNS_KEY } from './vulns.ts';

export interface CpeTarget {
  id: string;
  name: string;
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
}

/**
 * Setting an asset's CPE: candidates from the imported feeds' criteria (search by vendor/product), the asset's
 * version filled in, editable; saved through the ledger's asset update (PATCH), which re-matches the asset.
 */
export function CpeSuggestModal({ facilityId, asset, onClose }: { facilityId: string; asset: CpeTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const ledgerChanged = useLedgerChanged();
  // Empty: the server derives the search from the asset's vendor and product (alias-aware).
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const suggestions = useCpeSuggestions(facilityId, { q: debounced || undefined, assetId: asset.id });
  const [picked, setPicked] = useState<string>('');
  const [cpe, setCpe] = useState(asset.cpe ?? '');
  const [error, setError] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: () => api.patch<TAssetDetail>(ledgerPath.asset(facilityId, asset.id), { cpe: cpe.trim() }),
    onSuccess: (a) => {
      ledgerChanged(facilityId, a);
      void qc.invalidateQueries({ queryKey: [...VULNS_KEY, facilityId] });
      notify(t('vulns.cpe.saved', { name: a.name }));
      onClose();
    },
  });
  const choose = (value: string) => {
    setPicked(value);
    setCpe(cpeWithVersion(value, asset.version));
    setError(undefined);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!isCpe23(cpe.trim())) {
      setError(t('vulns.cpe.invalid'));
      document.getElementById('cpe-value')?.focus();
      return;
    }
    save.mutate();
  };
  const items = suggestions.data?.items ?? [];
  return (
    <Modal opened onClose={onClose} title={t('vulns.cpe.title', { name: asset.name })} size="xl" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form noValidate onSubmit={submit}>
        <Stack gap="md">
          <Text size="sm">{t('vulns.cpe.intro')}</Text>
          <Text size="sm" c="dimmed">
            {t('vulns.cpe.assetFacts', { vendor: asset.vendor ?? '-', product: asset.product ?? '-', version: asset.version ?? '-' })}
          </Text>
          <TextInput label={t('vulns.cpe.search')} description={t('vulns.cpe.searchHelp')} leftSection={<IconSearch size={16} aria-hidden />} type="search" value={q} onChange={(e) => setQ(e.currentTarget.value)} data-autofocus />
          {suggestions.isPending ? <Loading /> : null}
          {suggestions.error ? <ErrorAlert error={suggestions.error} /> : null}
          {suggestions.data && items.length === 0 ? <Text size="sm">{t('vulns.cpe.noSuggestions')}</Text> : null}
          {items.length > 0 ? (
            <Radio.Group label={t('vulns.cpe.candidates')} value={picked} onChange={choose}>
              <ScrollArea.Autosize mah={260} mt="xs" type="auto">
                <Stack gap={6}>
                  {items.map((s) => (
                    <Radio
                      key={s.cpe}
                      value={s.cpe}
                      label={<Text size="sm" className="mono" style={{ wordBreak: 'break-all' }}>{s.cpe}</Text>}
                      description={t('vulns.cpe.candidateLine', { vendor: s.vendor, product: s.product, count: s.vulnCount })}
                    />
                  ))}
                </Stack>
              </ScrollArea.Autosize>
            </Radio.Group>
          ) : null}
          <TextInput
            id="cpe-value"
            label={t('vulns.cpe.value')}
            description={t('vulns.cpe.valueHelp')}
            required
            value={cpe}
            onChange={(e) => setCpe(e.currentTarget.value)}
            error={error}
            classNames={{ input: 'mono' }}
          />
          {save.error ? <ErrorAlert error={save.error} /> : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!cpe.trim()}>
              {t('vulns.cpe.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
