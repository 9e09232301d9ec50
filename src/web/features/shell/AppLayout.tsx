import { ActionIcon, AppShell, Burger, Box, Group, ScrollArea, Tooltip, UnstyledButton } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconLayoutSidebarLeftCollapse, IconLayoutSidebarLeftExpand } from '@tabler/icons-react';
import { Link, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Brand } from '../../components/Brand.tsx';
import { LanguageMenu } from '../../components/LanguageMenu.tsx';
import { PATHS } from '../../paths.ts';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
import { ReportButton } from '../incidents/report/ReportButton.tsx';
import { FacilitySwitcher } from './FacilitySwitcher.tsx';
import { NavMenu } from './NavMenu.tsx';
import { UserMenu } from './UserMenu.tsx';

/** The frame after login: top bar, collapsible left navigation, and the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const [mobileOpened, mobile] = useDisclosure(false);
  const [desktopOpened, desktop] = useDisclosure(true);
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !mobileOpened, desktop: !desktopOpened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <a href="#main" className="skip-link">
        {t('shell.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} gap="xs" wrap="nowrap" justify="space-between">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            {wide ? (
              <Tooltip label={desktopOpened ? t('shell.nav.collapse') : t('shell.nav.expand')}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="lg"
                  onClick={desktop.toggle}
                  aria-label={desktopOpened ? t('shell.nav.collapse') : t('shell.nav.expand')}
                  aria-expanded={desktopOpened}
                  aria-controls="main-nav"
                >
                  {desktopOpened ? <IconLayoutSidebarLeftCollapse aria-hidden /> : <IconLayoutSidebarLeftExpand aria-hidden />}
                </ActionIcon>
              </Tooltip>
            ) : (
              <Burger
                opened={mobileOpened}
                onClick={mobile.toggle}
                size="sm"
                aria-label={mobileOpened ? t('shell.nav.closeMenu') : t('shell.nav.openMenu')}
                aria-expanded={mobileOpened}
                aria-controls="main-nav"
              />
            )}
            <UnstyledButton component={Link} to={PATHS.dashboard} aria-label={t('shell.home')}>
              <Brand />
            </UnstyledButton>
            {wide ? (
              <Box ml="md">
                <FacilitySwitcher w={260} />
              </Box>
            ) : null}
          </Group>
          <Group gap={4} wrap="nowrap">
            <ReportButton compact={!wide} />
            <NotificationBell />
            <LanguageMenu compact={!wide} />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" id="main-nav" aria-label={t('shell.nav.label')} component="nav">
        {!wide ? (
          <Box mb="md">
            <FacilitySwitcher />
          </Box>
        ) : null}
        <AppShell.Section grow component={ScrollArea}>
          <NavMenu onNavigate={mobile.close} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
        <Box maw={1400} mx="auto">
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
