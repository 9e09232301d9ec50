/**
 * インシデント対応 (incidents): what other modules may import. So far the contact chart (連絡体制図); services
 * authorize, `…Tx` and `…Of` functions do not and are for trusted callers (the demo, the rule engine).
 */
export {
  addContactEntry,
  chartVersion,
  contactChartOf,
  deleteContactEntry,
  getContactChart,
  insertContactEntryTx,
  reorderContacts,
  updateContactEntry,
  type ContactChartView,
  type ContactEntry,
  type ContactEntryUpdate,
  type ContactOrder,
  type VendorSuggestion,
} from './contact.service.ts';
export { presentContactChart, presentContactEntry } from './contact.presenter.ts';
export { contactChartHtml, exportContactChart, type ContactChartFile } from './contact-print.ts';
export { contactChartFacts, type ContactChartFact } from './contact-facts.ts';
export { contactRoutes } from './contact.routes.ts';
export { builtinPlaybooks, parsePlaybookYaml, playbookFor, playbooksDir, PlaybookLoadError, type ResolvedPlaybook } from './playbooks.ts';
export { getPlaybook, listPlaybooks, resetPlaybook, savePlaybook, type PlaybookView } from './playbook.service.ts';
export { playbookRoutes } from './playbook.routes.ts';
export {
  addCaseTask,
  addTeamMember,
  caseViewOf,
  changeCasePhase,
  closeCase,
  createCase,
  createCaseTx,
  deleteCaseTask,
  getCase,
  listCases,
  parseFacts,
  parseSummary,
  removeTeamMember,
  reopenCase,
  updateCase,
  updateCaseTask,
  type CaseListView,
  type CaseOpenInput,
  type CaseTask,
  type CaseView,
  type TeamMember,
} from './case.service.ts';
export { presentCase, presentCaseListItem, presentCasePage, presentCaseTask, presentTeamMember } from './case.presenter.ts';
export { caseRoutes } from './case.routes.ts';
export {
  createReport,
  detectPhotoType,
  dismissReport,
  getReport,
  insertReportTx,
  listReports,
  mergeReport,
  openCaseFromReport,
  reportPhoto,
  type ReportDraft,
  type ReportPage,
  type ReportView,
} from './report.service.ts';
export { createReportLink, createReportLinkTx, getReportLink, reportLinkPath, reportLinkUrl, revokeReportLink, type ReportLinkState } from './report-link.service.ts';
export { presentReport } from './report.presenter.ts';
export { reportRoutes } from './report.routes.ts';
export {
  addAffected,
  addComm,
  addObservable,
  addObservablesBulk,
  addTimelineEntry,
  deleteAffected,
  deleteComm,
  deleteObservable,
  deleteTimelineEntry,
  exportObservablesCsv,
  listAffected,
  listComms,
  listObservables,
  listTimeline,
  type AffectedView,
  type TimelineEntryView,
} from './record.service.ts';
export { presentAffected, presentComm, presentObservable, presentTimelineEntry } from './record.presenter.ts';
export { recordRoutes } from './record.routes.ts';
export {
  acknowledgeAlert,
  acknowledgeByToken,
  callChain,
  createWebhook,
  deleteWebhook,
  escalateAlerts,
  getAlertSettings,
  listIncidentAlerts,
  listWebhooks,
  putAlertSettings,
  raiseAlerts,
  raiseAlertsTx,
  testWebhook,
  updateWebhook,
  ALERT_CALLER,
  type AlertList,
  type AlertSettings,
  type EscalationOutcome,
  type IncidentAlert,
  type IncidentWebhook,
  type RaiseInput,
  type RaiseOutcome,
} from './alert.service.ts';
export { presentAlert, presentAlertSettings, presentWebhook } from './alert.presenter.ts';
export { alertRoutes } from './alert.routes.ts';
export {
  caseClocksOf,
  caseLink,
  checkIncidentClocks,
  clockOverview,
  clocksOfCase,
  deleteFiling,
  getCaseClocks,
  openClocksOf,
  recordFiling,
  CLOCK_NOTIFICATION_KINDS,
  type CaseClock,
  type CaseClocksView,
  type ClockCheckResult,
  type ClockOverviewItem,
  type Filing,
} from './clock.service.ts';
export { presentCaseClock, presentCaseClocks, presentClockOverview, presentClockOverviewItem, presentFiling } from './clock.presenter.ts';
export { clockRoutes } from './clock.routes.ts';
export { draftOf, draftSourceOf, getDraft, saveDraft, type DraftView } from './draft.service.ts';
export { presentDraft } from './draft.presenter.ts';
export { draftHtml, exportDraft, DRAFT_CONTENT_TYPES, type DraftExportFormat, type DraftFile } from './draft-print.ts';
export { draftRoutes } from './draft.routes.ts';
export { caseReportHtml, exportCase, CASE_REPORT_CONTENT_TYPES, type CaseReportFile, type CaseReportFormat } from './case-print.ts';
export {
  addCustodyEntry,
  addEvidence,
  addEvidenceFile,
  evidenceFile,
  evidenceLabel,
  evidenceOf,
  insertEvidenceTx,
  listEvidence,
  resolveCaseRef,
  verifyCustody,
  verifyCustodyOf,
  EVIDENCE_FILE_MAX_BYTES,
  type CaseEvidence,
  type CustodyVerification,
  type EvidenceInput,
  type EvidenceView,
} from './evidence.service.ts';
export { presentCustodyEntry, presentCustodyVerify, presentEvidenceItem, presentEvidenceList } from './evidence.presenter.ts';
export { evidenceRoutes } from './evidence.routes.ts';
export { addReviewAction, completeReview, getReview, reviewCompletedAt, reviewOf, saveReview, type ReviewView } from './review.service.ts';
export { presentReview } from './review.presenter.ts';
export { reviewRoutes } from './review.routes.ts';
