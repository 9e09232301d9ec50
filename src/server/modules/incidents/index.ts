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
