export { exportLedgerBook } from './ledger-book.service.ts';
export { ledgerBookRoutes } from './ledger-book.routes.ts';
