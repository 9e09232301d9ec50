import type { ReactNode } from 'react';
import { Box, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Brand } from '../../components/Brand.tsx';
import { LanguageMenu } from '../../components/LanguageMenu.tsx';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';

/** Frame of the screens before login: brand, language switch and one card. */
export function AuthLayout({ title, description, children, size = 460 }: { title: string; description?: ReactNode; children: ReactNode; size?: number }) {
  useDocumentTitle(title);
  return (
    <Box mih="100vh" bg="gray.0">
      <Group justify="space-between" px="md" py="sm" component="header">
        <Brand withTagline />
        <LanguageMenu />
      </Group>
      <Container size={size} px="md" pb="xl" component="main" id="main">
        <Paper withBorder shadow="sm" radius="md" p={{ base: 'md', sm: 'xl' }} mt={{ base: 'md', sm: 'xl' }}>
          <Stack gap="md">
            <div>
              <Title order={1} size="h2">
                {title}
              </Title>
              {description ? (
                <Text c="dimmed" size="sm" mt={4}>
                  {description}
                </Text>
              ) : null}
            </div>
            {children}
          </Stack>
        </Paper>
      </Container>
    </Box>
  );
}
