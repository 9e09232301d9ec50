import { Group, Pagination, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../lib/format.ts';

/** "Showing 1–50 of 123" and page buttons with accessible names. */
export function Pager({ total, page, pageSize, onChange }: { total: number; page: number; pageSize: number; onChange: (page: number) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" gap="sm" mt="md" wrap="wrap">
      <Text size="sm" aria-live="polite">
        {t('common.pager.summary', { total: fmt.number(total), from: fmt.number(from), to: fmt.number(to) })}
      </Text>
      {pages > 1 ? (
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={onChange}
          siblings={1}
          boundaries={1}
          aria-label={t('common.pager.label')}
          getItemProps={(p) => ({ 'aria-label': t('common.pager.page', { page: p }) })}
          getControlProps={(control) => ({ 'aria-label': t(`common.pager.${control}`) })}
        />
      ) : null}
    </Group>
  );
}
