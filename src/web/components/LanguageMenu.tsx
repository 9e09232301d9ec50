import { Button, Menu } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notify } from './notify.ts';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/errors.ts';
import { api } from '../api/client.ts';
import type { TMe } from '../api/types.ts';
import { changeLocale, LOCALES } from '../i18n/index.ts';
import { useLocale } from '../lib/format.ts';
import { ME_KEY, useMe } from '../features/session/session.ts';
import { useErrorText } from './errors.ts';

/**
 * Language switch. With a complete session the choice is saved to the profile (PATCH /me);
 * before login it is kept on this browser only.
 */
export function LanguageMenu({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useMe();
  const qc = useQueryClient();
  const errorText = useErrorText();
  const save = useMutation({
    mutationFn: (l: Locale) => api.patch<TMe>('/me', { locale: l }),
    onSuccess: (updated) => qc.setQueryData(ME_KEY, updated),
    onError: (e) => notify(errorText(e).detail ?? '', { color: 'red', title: errorText(e).title }),
  });

  const choose = (l: Locale) => {
    void changeLocale(l);
    if (me.data?.stage === 'full' && me.data.user.locale !== l) save.mutate(l);
  };

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          c="var(--mantine-color-text)"
          leftSection={<IconLanguage size={18} aria-hidden />}
          aria-label={t('language.switchLabel', { current: t(`language.names.${locale}`) })}
          px={compact ? 'xs' : undefined}
        >
          {compact ? null : t(`language.names.${locale}`)}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.menuTitle')}</Menu.Label>
        {LOCALES.map((l) => (
          <Menu.Item
            key={l}
            lang={l}
            onClick={() => choose(l)}
            rightSection={l === locale ? <IconCheck size={16} aria-hidden /> : null}
            aria-current={l === locale ? 'true' : undefined}
          >
            {t(`language.names.${l}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
