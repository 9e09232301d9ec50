/**
 * 現状調査 (assessments): what other modules may import. Services authorize; `…Tx`, bundle and `apply…` functions
 * do not and are for trusted callers (the export, the vendor link path, the demo).
 */
export {
  actorOf,
  answerItem,
  applyAnswer,
  assertEditable,
  assessmentHistory,
  carryOverAssessment,
  compareAssessmentsOf,
  createAssessment,
  createAssessmentTx,
  createItemAction,
  deleteAssessment,
  entryOf,
  getAssessmentDetail,
  itemStates,
  listAssessments,
  loadAssessmentBundle,
  recordAssessmentEvent,
  signAssessment,
  signoffIssues,
  summaryOfBundle,
  type AssessmentActor,
  type AssessmentBundle,
  type AssessmentCreateInput,
  type AssessmentEventInput,
  type AssessmentListQuery,
} from './assessment.service.ts';
export { authorizeAssessment, authorizeAssessmentIn, authorizeFacility, isVendorUser, type AssessmentAccess, type AssessmentNeed } from './assessment.access.ts';
export { addEvidenceFile, addEvidenceLink, deleteEvidence, evidenceFile, EVIDENCE_MAX_BYTES } from './evidence.service.ts';
export { answerState, isExpired, presentAnswer, presentAssessmentSummary, presentEvent, presentEvidence, presentEvidenceList } from './assessment.presenter.ts';
export type { AnswerRow, AssessmentRecord, AssessmentRow, EvidenceRow } from './assessment.repository.ts';
