/** Feed import (NVD, KEV, EPSS, JVN): what other modules, the routes and the CLI may use. */
export { importFeedFiles, feedStatus, newestFeedDate, listFeedImports, assertFeedManager, type FeedFileInput, type ImportFeedOptions, type FeedImportResult, type SkippedFeedFile } from './feed.service.ts';
export { detectFeed, detectFeedFormat, parseFeed, readHead, isGzip, SOURCE_OF, type DetectedFeed } from './feed-detect.ts';
export { parseJsonFeed, normaliseNvdTime, type ParsedFeed } from './nvd.parser.ts';
export { parseCsvFeed } from './csv.parser.ts';
export { cpeIndexKey } from './feed.repository.ts';
export { presentFeedImport } from './feed.presenter.ts';
export { FeedFormatError, type CveRecord, type KevRecord, type EpssRecord, type JvnRecord, type FeedRecord, type FeedFileMeta } from './records.ts';
export { syncFeeds, syncJob, SYNC_DISABLED_MESSAGE, type SyncSummary, type SyncSourceResult, type SyncProgress } from './sync.ts';
