import { Navigate, Route, Routes, useLocation } from 'react-router';
import { Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './components/ErrorAlert.tsx';
import { Loading } from './components/Loading.tsx';
import { AuthLayout } from './features/auth/AuthLayout.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { SetupPage } from './features/setup/SetupPage.tsx';
import { useMe, useSetupStatus } from './features/session/session.ts';
import { SessionProvider } from './features/session/SessionContext.tsx';
import { AppLayout } from './features/shell/AppLayout.tsx';
import { DashboardPage } from './features/dashboard/DashboardPage.tsx';
import { FacilitiesPage } from './features/facilities/FacilitiesPage.tsx';
import { UsersPage } from './features/users/UsersPage.tsx';
import { AuditPage } from './features/audit/AuditPage.tsx';
import { ProfilePage } from './features/profile/ProfilePage.tsx';
import { TokensPage } from './features/tokens/TokensPage.tsx';
import { NotFoundPage } from './features/shell/NotFoundPage.tsx';
import { AssetsPage } from './features/ledger/AssetsPage.tsx';
import { AssetDetailPage } from './features/ledger/AssetDetailPage.tsx';
import { SegmentsPage } from './features/ledger/SegmentsPage.tsx';
import { ConnectionsPage } from './features/connections/ConnectionsPage.tsx';
import { ConnectionDetailPage } from './features/connections/ConnectionDetailPage.tsx';
import { ApprovalsPage } from './features/connections/ApprovalsPage.tsx';
import { VendorsPage } from './features/vendors/VendorsPage.tsx';
import { VendorDetailPage } from './features/vendors/VendorDetailPage.tsx';
import { VulnsOverviewPage } from './features/vulns/VulnsOverviewPage.tsx';
import { FindingsPage } from './features/vulns/FindingsPage.tsx';
import { FindingDetailPage } from './features/vulns/FindingDetailPage.tsx';
import { VulnPage } from './features/vulns/VulnPage.tsx';
import { CoveragePage } from './features/vulns/CoveragePage.tsx';
import { FeedsPage } from './features/vulns/FeedsPage.tsx';
import { PolicyPage } from './features/vulns/PolicyPage.tsx';
import { AssessmentsPage } from './features/assessments/AssessmentsPage.tsx';
import { AssessmentPage } from './features/assessments/AssessmentPage.tsx';
import { AssessmentHistoryPage } from './features/assessments/AssessmentHistoryPage.tsx';
import { ComparePage } from './features/assessments/ComparePage.tsx';
import { FrameworksPage } from './features/frameworks/FrameworksPage.tsx';
import { FrameworkDetailPage } from './features/frameworks/FrameworkDetailPage.tsx';
import { ActionsPage } from './features/actions/ActionsPage.tsx';
import { ContactChartPage } from './features/incidents/ContactChartPage.tsx';
import { CasesPage } from './features/incidents/cases/CasesPage.tsx';
import { InboxPage } from './features/incidents/cases/InboxPage.tsx';
import { ReportDetailPage } from './features/incidents/cases/ReportDetailPage.tsx';
import { CasePage } from './features/incidents/case/CasePage.tsx';
import { IncidentSettingsPage } from './features/incidents/settings/IncidentSettingsPage.tsx';
import { PlaybooksPage } from './features/incidents/settings/PlaybooksPage.tsx';
import { PlaybookEditorPage } from './features/incidents/settings/PlaybookEditorPage.tsx';
import { VendorSheetPage } from './features/vendor-sheet/VendorSheetPage.tsx';
import { ReportPage } from './features/incidents/report/ReportPage.tsx';
import { MyReportsPage } from './features/incidents/report/MyReportsPage.tsx';
import { ReportLinkPage } from './features/incidents/report/ReportLinkPage.tsx';
import { PublicReportPage } from './features/incidents/report/PublicReportPage.tsx';
import { BackupsPage } from './features/resilience/backups/BackupsPage.tsx';
import { BackupPlanPage } from './features/resilience/backups/BackupPlanPage.tsx';
import { RecoveryPage } from './features/resilience/drills/RecoveryPage.tsx';
import { DrillsPage } from './features/resilience/drills/DrillsPage.tsx';
import { DrillPage } from './features/resilience/drills/DrillPage.tsx';
import { ExercisesPage } from './features/resilience/drills/ExercisesPage.tsx';
import { ExercisePage } from './features/resilience/drills/ExercisePage.tsx';
import { BcpPage } from './features/resilience/bcp/BcpPage.tsx';
import { BcpVersionPage } from './features/resilience/bcp/BcpVersionPage.tsx';
import { BinderPage } from './features/resilience/bcp/BinderPage.tsx';
import { LocaleSync } from './features/session/LocaleSync.tsx';
import { PATHS } from './paths.ts';


/** The authenticated area: only a session at stage `full` gets in; anything else goes to /login. */
function RequireSession() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading fullPage />;
  if (me.error) return <FatalError error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data || me.data.stage !== 'full') {
    return <Navigate to={PATHS.login} replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  return (
    <SessionProvider me={me.data}>
      <AppLayout />
    </SessionProvider>
  );
}

function FatalError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <AuthLayout title={t('common.error.pageTitle')}>
      <Stack>
        <ErrorAlert error={error} />
        <Button onClick={onRetry}>{t('common.retry')}</Button>
      </Stack>
    </AuthLayout>
  );
}

/**
 * Everything the browser can open. The public vendor sheet (a signed link, no account) stands apart: no setup check,
 * no session, no language sync with a profile: it calls only its own link's endpoints.
 */
export function AppRoutes() {
  const { pathname } = useLocation();
  if (pathname.startsWith('/vendor-sheet/')) {
    return (
      <Routes>
        <Route path="/vendor-sheet/:token" element={<VendorSheetPage />} />
      </Routes>
    );
  }
  // The poster link's report page (no account), likewise outside the app shell.
  if (pathname.startsWith('/r/')) {
    return (
      <Routes>
        <Route path="/r/:token" element={<PublicReportPage />} />
      </Routes>
    );
  }
  return (
    <>
      <LocaleSync />
      <MainRoutes />
    </>
  );
}

function MainRoutes() {
  const status = useSetupStatus();
  if (status.isPending) return <Loading fullPage />;
  if (status.error) return <FatalError error={status.error} onRetry={() => void status.refetch()} />;
  // First run: every route shows the setup screen.
  if (status.data.needsSetup) return <SetupPage />;
  return (
    <Routes>
      <Route path={PATHS.login} element={<LoginPage />} />
      <Route path={PATHS.setup} element={<Navigate to={PATHS.login} replace />} />
      <Route element={<RequireSession />}>
        <Route index element={<DashboardPage />} />
        <Route path={PATHS.assets} element={<AssetsPage />} />
        <Route path={`${PATHS.assets}/:assetId`} element={<AssetDetailPage />} />
        <Route path={PATHS.segments} element={<SegmentsPage />} />
        <Route path={PATHS.connections} element={<ConnectionsPage />} />
        <Route path={`${PATHS.connections}/:connectionId`} element={<ConnectionDetailPage />} />
        <Route path={PATHS.approvals} element={<ApprovalsPage />} />
        <Route path={PATHS.vendors} element={<VendorsPage />} />
        <Route path={`${PATHS.vendors}/:vendorId`} element={<VendorDetailPage />} />
        <Route path={PATHS.vulns} element={<VulnsOverviewPage />} />
        <Route path={PATHS.vulnFindings} element={<FindingsPage />} />
        <Route path={`${PATHS.vulnFindings}/:findingId`} element={<FindingDetailPage />} />
        <Route path="/vulns/cve/:vulnId" element={<VulnPage />} />
        <Route path={PATHS.vulnCoverage} element={<CoveragePage />} />
        <Route path={PATHS.vulnFeeds} element={<FeedsPage />} />
        <Route path={PATHS.vulnPolicy} element={<PolicyPage />} />
        <Route path={PATHS.assessments} element={<AssessmentsPage />} />
        <Route path={PATHS.assessmentCompare} element={<ComparePage />} />
        <Route path="/assessments/:assessmentId" element={<AssessmentPage />} />
        <Route path="/assessments/:assessmentId/history" element={<AssessmentHistoryPage />} />
        <Route path={PATHS.frameworks} element={<FrameworksPage />} />
        <Route path="/frameworks/:frameworkId/:version" element={<FrameworkDetailPage />} />
        <Route path={PATHS.actions} element={<ActionsPage />} />
        <Route path={`${PATHS.actions}/:actionId`} element={<ActionsPage />} />
        <Route path={PATHS.incidents} element={<CasesPage />} />
        <Route path={PATHS.incidentInbox} element={<InboxPage />} />
        <Route path="/incidents/reports/:reportId" element={<ReportDetailPage />} />
        <Route path="/incidents/cases/:caseId" element={<CasePage />} />
        <Route path={PATHS.incidentContacts} element={<ContactChartPage />} />
        <Route path={PATHS.incidentReportNew} element={<ReportPage />} />
        <Route path={PATHS.incidentMyReports} element={<MyReportsPage />} />
        <Route path={PATHS.incidentReportLink} element={<ReportLinkPage />} />
        <Route path={PATHS.incidentSettings} element={<IncidentSettingsPage />} />
        <Route path={PATHS.incidentPlaybooks} element={<PlaybooksPage />} />
        <Route path={`${PATHS.incidentPlaybooks}/:category`} element={<PlaybookEditorPage />} />
        <Route path={PATHS.backups} element={<BackupsPage />} />
        <Route path={`${PATHS.backups}/:planId`} element={<BackupPlanPage />} />
        <Route path={PATHS.recovery} element={<RecoveryPage />} />
        <Route path={PATHS.drills} element={<DrillsPage />} />
        <Route path={`${PATHS.drills}/:drillId`} element={<DrillPage />} />
        <Route path={PATHS.exercises} element={<ExercisesPage />} />
        <Route path={`${PATHS.exercises}/:exerciseId`} element={<ExercisePage />} />
        <Route path={PATHS.bcp} element={<BcpPage />} />
        <Route path={`${PATHS.bcp}/:versionId`} element={<BcpVersionPage />} />
        <Route path={PATHS.binder} element={<BinderPage />} />
        <Route path={PATHS.facilities} element={<FacilitiesPage />} />
        <Route path={PATHS.users} element={<UsersPage />} />
        <Route path={`${PATHS.users}/:userId`} element={<UsersPage />} />
        <Route path={PATHS.audit} element={<AuditPage />} />
        <Route path={PATHS.tokens} element={<TokensPage />} />
        <Route path={PATHS.profile} element={<ProfilePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
