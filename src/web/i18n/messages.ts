import ja from './ja.json';
import en from './en.json';
import connectionsJa from './connections.ja.json';
import connectionsEn from './connections.en.json';
import vendorsJa from './vendors.ja.json';
import vendorsEn from './vendors.en.json';
import vulnsJa from './vulns.ja.json';
import vulnsEn from './vulns.en.json';
import notificationsJa from './notifications.ja.json';
import notificationsEn from './notifications.en.json';
import assessmentsJa from './assessments.ja.json';
import assessmentsEn from './assessments.en.json';
import frameworksJa from './frameworks.ja.json';
import frameworksEn from './frameworks.en.json';
import actionsJa from './actions.ja.json';
import actionsEn from './actions.en.json';
import vendorSheetJa from './vendorSheet.ja.json';
import vendorSheetEn from './vendorSheet.en.json';
import incidentsJa from './incidents.ja.json';
import incidentsEn from './incidents.en.json';
import incidentReportsJa from './incidentReports.ja.json';
import incidentReportsEn from './incidentReports.en.json';
import incidentCasesJa from './incidentCases.ja.json';
import incidentCasesEn from './incidentCases.en.json';
import incidentCaseJa from './incidentCase.ja.json';
import incidentCaseEn from './incidentCase.en.json';
import incidentSettingsJa from './incidentSettings.ja.json';
import incidentSettingsEn from './incidentSettings.en.json';
import resilienceJa from './resilience.ja.json';
import resilienceEn from './resilience.en.json';
import resilienceBackupsJa from './resilienceBackups.ja.json';
import resilienceBackupsEn from './resilienceBackups.en.json';
import resilienceDrillsJa from './resilienceDrills.ja.json';
import resilienceDrillsEn from './resilienceDrills.en.json';
import resilienceBcpJa from './resilienceBcp.ja.json';
import resilienceBcpEn from './resilienceBcp.en.json';

/**
 * Every UI message by language. Features with many messages keep them in their own file
 * (`<feature>.<lang>.json`), mounted here under the feature's key.
 */
export const messages = {
  ja: { ...ja, connections: connectionsJa, vendors: vendorsJa, vulns: vulnsJa, notifications: notificationsJa, assessments: assessmentsJa, frameworks: frameworksJa, actions: actionsJa, vendorSheet: vendorSheetJa, incidents: incidentsJa, incidentReports: incidentReportsJa, incidentCases: incidentCasesJa, incidentCase: incidentCaseJa, incidentSettings: incidentSettingsJa, resilience: resilienceJa, resilienceBackups: resilienceBackupsJa, resilienceDrills: resilienceDrillsJa, resilienceBcp: resilienceBcpJa },
  en: { ...en, connections: connectionsEn, vendors: vendorsEn, vulns: vulnsEn, notifications: notificationsEn, assessments: assessmentsEn, frameworks: frameworksEn, actions: actionsEn, vendorSheet: vendorSheetEn, incidents: incidentsEn, incidentReports: incidentReportsEn, incidentCases: incidentCasesEn, incidentCase: incidentCaseEn, incidentSettings: incidentSettingsEn, resilience: resilienceEn, resilienceBackups: resilienceBackupsEn, resilienceDrills: resilienceDrillsEn, resilienceBcp: resilienceBcpEn },
} as const;
