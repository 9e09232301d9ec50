/**
 * 備え (resilience, issue 7): what other modules may import. Services authorize; `…Of` / `…Tx` functions do not and
 * are for trusted callers (the checklist rules, the demo, the binder).
 */
export { authorizeResilience, authorizedRecord, type ResilienceFacility, type ResiliencePermission } from './resilience.access.ts';
export { backupRoutes } from './backup.routes.ts';
export {
  backupPlansOf,
  createBackupPlan,
  createBackupPlanTx,
  getBackupPlan,
  listBackupPlans,
  reinstateBackupPlan,
  retireBackupPlan,
  updateBackupPlan,
  type ActivePlan,
} from './backup-plan.service.ts';
export { deleteBackupRun, listBackupRuns, recordBackupRun, recordRunTx, type RunValues } from './backup-run.service.ts';
export { backupOverviewOf, getBackupOverview } from './backup-overview.ts';
export { importBackupRuns } from './backup-import.ts';
export { receiveBackupResult } from './backup-webhook.service.ts';
export { drillRoutes } from './drill.routes.ts';
export { recoveryOrderOf, getRecoveryOrder } from './recovery-order.service.ts';
export { drillScheduleOf, recoveryTargetsOf, setRecoveryTarget } from './recovery-target.service.ts';
export { addDrillAction, planDrill, recordDrill } from './restore-drill.service.ts';
export { bcpRoutes } from './bcp.routes.ts';
export {
  approveBcpVersion,
  createBcpDraft,
  createBcpDraftTx,
  currentBcpOf,
  deleteBcpVersion,
  getBcpOverview,
  getBcpVersion,
  returnBcpVersion,
  saveBcpContent,
  submitBcpVersion,
  type BcpOverview,
  type BcpVersionSummary,
  type BcpVersionView,
  type CurrentBcp,
} from './bcp.service.ts';
export { bcpHtml, exportBcpVersion, BCP_CONTENT_TYPES, type BcpFile } from './bcp-print.ts';
export { exerciseRoutes } from './exercise.routes.ts';
export {
  addExerciseAction,
  addExerciseActionTx,
  createExercise,
  createExerciseTx,
  deleteExercise,
  exerciseRequirementOf,
  getExercise,
  getExerciseRequirement,
  listExercises,
  updateExercise,
  type Exercise,
  type ExerciseDetail,
} from './exercise.service.ts';
export { binderRoutes } from './binder.routes.ts';
export { binderDataOf, binderStamp, binderStatus, checkBinder, generateBinder, listBinderPrints, BINDER_CONTENT_TYPES, type BinderData, type BinderFile } from './binder.service.ts';
export { binderHtml } from './binder-html.ts';
export { presentBinderPrint, presentBinderPrintPage } from './binder.presenter.ts';
export { resilienceFacts } from './resilience-facts.ts';
export { resilienceSummaryRoutes } from './resilience-summary.routes.ts';
export { getResilienceSummary, resilienceSummaryOf } from './resilience-summary.service.ts';
