import type { FeedImportDto } from '../../../shared/contracts/vulns.contract.ts';
import type { FeedFormat, FeedImportStatus, FeedSource } from '../../../shared/vulns/domain.ts';
import type { FeedImportRow } from './feed.repository.ts';

export function presentFeedImport(r: FeedImportRow): FeedImportDto {
  return {
    id: r.id,
    source: r.source as FeedSource,
    format: r.format as FeedFormat,
    origin: r.origin === 'sync' ? 'sync' : 'file',
    fileName: r.file_name,
    sha256: r.sha256,
    size: r.size === null ? null : Number(r.size),
    status: r.status as FeedImportStatus,
    records: Number(r.records),
    inserted: Number(r.inserted),
    updated: Number(r.updated),
    criteria: Number(r.criteria),
    progressBytes: Number(r.progress_bytes),
    watermark: r.watermark,
    error: r.error,
    actor: r.actor,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}
