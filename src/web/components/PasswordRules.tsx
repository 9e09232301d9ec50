import { List, Text, ThemeIcon, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { checkPassword, PASSWORD_LONG, PASSWORD_MAX, PASSWORD_MIN } from '../../shared/password.ts';

/** Live feedback on the password rules (MHLW checklist 2⑦), with text as well as colour and icon. */
export function PasswordRules({ password, email, id }: { password: string; email?: string; id?: string }) {
  const { t } = useTranslation();
  const problems = checkPassword(password, email);
  const empty = password.length === 0;
  const rules = [
    { key: 'strength', ok: !empty && !problems.includes('too_short') && !problems.includes('needs_mix'), label: t('password.rules.strength', { min: PASSWORD_MIN, long: PASSWORD_LONG }) },
    { key: 'email', ok: !empty && !problems.includes('contains_email'), label: t('password.rules.email') },
    { key: 'max', ok: !empty && !problems.includes('too_long'), label: t('password.rules.max', { max: PASSWORD_MAX }) },
  ];
  return (
    <div id={id} aria-live="polite">
      <Text size="sm" fw={600} mb={4}>
        {t('password.rules.title')}
      </Text>
      <List size="sm" spacing={4} center>
        {rules.map((r) => (
          <List.Item
            key={r.key}
            icon={
              <ThemeIcon color={r.ok ? 'green' : 'gray'} variant={r.ok ? 'filled' : 'light'} size={20} radius="xl" aria-hidden>
                {r.ok ? <IconCheck size={14} /> : <IconX size={14} />}
              </ThemeIcon>
            }
          >
            {r.label}
            <VisuallyHidden>{r.ok ? t('password.rules.met') : t('password.rules.notMet')}</VisuallyHidden>
          </List.Item>
        ))}
      </List>
    </div>
  );
}

/** True when the password satisfies every rule. */
export function passwordAcceptable(password: string, email?: string): boolean {
  return password.length > 0 && checkPassword(password, email).length === 0;
}
