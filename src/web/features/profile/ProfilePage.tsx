import { Card, SimpleGrid, Stack, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { notify } from '../../components/notify.ts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ChangePasswordForm } from '../auth/ChangePasswordForm.tsx';
import { ME_KEY } from '../session/session.ts';
import { useSession } from '../session/SessionContext.tsx';
import { TokensSection } from '../tokens/TokensSection.tsx';
import { MfaSection } from './MfaSection.tsx';
import { ProfileForm } from './ProfileForm.tsx';

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Card withBorder radius="md" p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby={id}>
      <Title order={2} size="h4" mb="md" id={id}>
        {title}
      </Title>
      {children}
    </Card>
  );
}

export function ProfilePage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const qc = useQueryClient();
  return (
    <>
      <PageHeader title={t('profile.title')} description={t('profile.description')} />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Section title={t('profile.basic.title')} id="profile-basic">
            <ProfileForm key={`${me.user.displayName}|${me.user.locale}`} me={me} />
          </Section>
          <Section title={t('profile.password.title')} id="profile-password">
            <ChangePasswordForm
              email={me.user.email}
              idPrefix="profile-pw"
              onDone={() => {
                void qc.invalidateQueries({ queryKey: ME_KEY });
                notify(t('profile.password.changed'));
              }}
            />
          </Section>
        </SimpleGrid>
        <Section title={t('profile.mfa.title')} id="profile-mfa">
          <MfaSection me={me} />
        </Section>
        <Section title={t('tokens.title')} id="profile-tokens">
          <TokensSection />
        </Section>
      </Stack>
    </>
  );
}
