import { useEffect } from 'react';
import { changeLocale } from '../../i18n/index.ts';
import { useMe } from './session.ts';

/**
 * When a user signs in (or their saved language changes), show the UI in their saved language.
 * A switch made before login or without saving is left alone until then.
 */
export function LocaleSync() {
  const me = useMe();
  const userId = me.data?.user.id;
  const locale = me.data?.user.locale;
  useEffect(() => {
    if (userId && locale) void changeLocale(locale);
  }, [userId, locale]);
  return null;
}
