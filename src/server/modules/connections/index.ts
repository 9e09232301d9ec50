export {
  activateConnection,
  allowedActions,
  approveConnection,
  CONNECTION_UI_ACTIONS,
  connectionRefusal,
  connectionSummary,
  createConnection,
  expireConnections,
  EXPIRING_SOON_DAYS,
  getConnection,
  insertConnectionTx,
  listConnections,
  rejectConnection,
  resubmitConnection,
  retireConnection,
  SYSTEM_CALLER,
  updateConnection,
  type AssetRef,
  type Connection,
  type ConnectionAccess,
  type ConnectionDetailView,
  type ConnectionEvent,
  type ConnectionPage,
  type ConnectionSummary,
  type ConnectionUiAction,
  type ConnectionView,
  type EntryDeviceSignals,
  type LifecycleValues,
} from './connection.service.ts';
export { presentConnection, presentConnectionDetail, presentConnectionEvent, presentConnectionSummary } from './connection.presenter.ts';
export { importConnections, type ConnectionImportOptions, type ConnectionImportResult } from './connection-import.ts';
export { connectionSheet, connectionTemplate, exportConnections } from './connection-export.ts';
export { CONNECTION_COLUMNS, connectionColumnFor, type ConnectionColumn, type ConnectionColumnKey } from './connection-columns.ts';
export { liveConnectionFacts, vendorLineAssetsWithoutConnection, type ConnectionFact } from './connection-facts.ts';
