// Matching engine and findings lifecycle (helper D).
export {
  activeFindings,
  afterFeedsImported,
  assetIdentities,
  connectionChanged,
  cpeSuggestions,
  createEntryDeviceSignals,
  createVulnHooks,
  explain,
  FEED_CALLER,
  kevAssetIds,
  rematchAll,
  rematchAssets,
  rematchFacility,
  rescoreFacility,
  resolveAsset,
  type AssetIdentityView,
  type CpeSuggestion,
  type FeedRematchSummary,
  type RematchSummary,
  type ScanRow,
} from './match.service.ts';
export { pickCvss, type RunCounts, type StoredFactors } from './match.engine.ts';
// HTTP, workflow, deadline policy, escalation and read model (helper E).
export { vulnRoutes } from './vulns.routes.ts';
export { authorizeVulns } from './vulns.access.ts';
export { acceptFindingRisk, allowedStatuses, changeFindingStatus, expireRiskAcceptances, findingLink, findingListLink, type RiskAcceptance, type StatusChange } from './workflow.service.ts';
export { facilityPolicy, getVulnPolicy, parsePolicy, updateVulnPolicy } from './policy.service.ts';
export { escalateFindings, escalationTarget, ESCALATION_AGGREGATE_OVER, type EscalationResult } from './escalation.ts';
export { findingsOfVuln, getAssetVulns, getCoverage, getFindingDetail, getVulnDetail, getVulnOverview, listFindingPage, NEW_KEV_DAYS } from './overview.service.ts';
export { feedCoverageFacts, kevFindingFacts, type FeedCoverageFacts, type KevFindingFact, type KevFindingFacts } from './finding-facts.ts';
