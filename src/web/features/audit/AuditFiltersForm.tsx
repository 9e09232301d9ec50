import { useState } from 'react';
import { Button, Grid, Group, Select, TextInput } from '@mantine/core';
import { IconFilter, IconFilterOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AUDIT_FILTER_KEYS, type AuditFilters } from './audit.ts';

/** Filter inputs; applied to the URL on submit. Mount with a key of the URL so it follows back/forward. */
export function AuditFiltersForm({ initial, facilities, onApply }: { initial: AuditFilters; facilities: { value: string; label: string }[]; onApply: (f: AuditFilters) => void }) {
  const { t } = useTranslation();
  const [f, setF] = useState<AuditFilters>(initial);
  const set = (k: keyof AuditFilters) => (v: string) => setF((old) => ({ ...old, [k]: v }));
  const empty = Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, ''])) as AuditFilters;
  const dateError = f.from && f.to && f.from > f.to ? t('audit.filters.dateOrder') : null;
  return (
    <form
      role="search"
      aria-label={t('audit.filters.label')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!dateError) onApply(f);
      }}
    >
      <Grid gutter="sm" align="flex-end">
        <Grid.Col span={{ base: 12, sm: 6, lg: 4 }}>
          <Select
            label={t('audit.filters.facility')}
            data={[{ value: '', label: t('audit.filters.allFacilities') }, ...facilities]}
            value={f.facilityId}
            onChange={(v) => set('facilityId')(v ?? '')}
            allowDeselect={false}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 4 }}>
          <TextInput label={t('audit.filters.action')} placeholder={t('audit.filters.actionPlaceholder')} value={f.action} onChange={(e) => set('action')(e.currentTarget.value)} classNames={{ input: 'mono' }} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 4 }}>
          <TextInput label={t('audit.filters.entityType')} placeholder={t('audit.filters.entityTypePlaceholder')} value={f.entityType} onChange={(e) => set('entityType')(e.currentTarget.value)} classNames={{ input: 'mono' }} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6, lg: 4 }}>
          <TextInput label={t('audit.filters.actor')} placeholder={t('audit.filters.actorPlaceholder')} type="search" value={f.actor} onChange={(e) => set('actor')(e.currentTarget.value)} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, lg: 2 }}>
          <TextInput label={t('audit.filters.from')} type="date" value={f.from} onChange={(e) => set('from')(e.currentTarget.value)} error={dateError ? ' ' : undefined} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, lg: 2 }}>
          <TextInput label={t('audit.filters.to')} type="date" value={f.to} onChange={(e) => set('to')(e.currentTarget.value)} error={dateError} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Group gap="sm" justify="flex-end">
            <Button
              variant="default"
              leftSection={<IconFilterOff size={16} aria-hidden />}
              onClick={() => {
                setF(empty);
                onApply(empty);
              }}
            >
              {t('audit.filters.clear')}
            </Button>
            <Button type="submit" leftSection={<IconFilter size={16} aria-hidden />}>
              {t('audit.filters.apply')}
            </Button>
          </Group>
        </Grid.Col>
      </Grid>
    </form>
  );
}
