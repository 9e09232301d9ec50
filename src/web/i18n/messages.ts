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

/**
 * Every UI message by language. Features with many messages keep them in their own file
 * (`<feature>.<lang>.json`), mounted here under the feature's key.
 */
export const messages = {
  ja: { ...ja, connections: connectionsJa, vendors: vendorsJa, vulns: vulnsJa, notifications: notificationsJa },
  en: { ...en, connections: connectionsEn, vendors: vendorsEn, vulns: vulnsEn, notifications: notificationsEn },
} as const;
