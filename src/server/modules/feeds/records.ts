import type { FeedFormat, FeedSource } from '../../../shared/vulns/domain.ts';
import type { VulnConfiguration } from '../../../shared/vulns/types.ts';

/**
 * What the feed parsers produce, whatever the file format: one normalised record at a time, streamed to the
 * repository in batches. Parsers never touch the database; the importer never looks at file formats.
 */

/** An NVD CVE record (API 2.0 response, 2.0 feed, single 2.0 `cve` object or legacy 1.1 item). */
export interface CveRecord {
  kind: 'cve';
  id: string;
  published: string | null;
  lastModified: string | null;
  vulnStatus: string | null;
  /** English description. */
  description: string | null;
  cvss3Score: number | null;
  cvss3Vector: string | null;
  cvss4Score: number | null;
  cvss4Vector: string | null;
  cvss2Score: number | null;
  cwes: string[];
  refs: { url: string; tags: string[] }[];
  /** null when NVD published no configurations (not analysed yet). */
  configurations: VulnConfiguration[] | null;
}

export interface KevRecord {
  kind: 'kev';
  cveId: string;
  vendorProject: string;
  product: string;
  name: string;
  dateAdded: string;
  shortDescription: string;
  requiredAction: string;
  dueDate: string;
  ransomware: boolean;
  notes: string | null;
  cwes: string[];
}

export interface EpssRecord {
  kind: 'epss';
  cveId: string;
  score: number;
  percentile: number;
}

export interface JvnRecord {
  kind: 'jvn';
  id: string;
  title: string;
  summary: string | null;
  url: string | null;
  published: string | null;
  lastUpdated: string | null;
  cvssVersion: string | null;
  cvssScore: number | null;
  cvssSeverity: string | null;
  cvssVector: string | null;
  /** `cpe` is converted to a CPE 2.3 formatted string (JVN publishes 2.2 URIs) or null when absent/invalid. */
  affected: { vendorName: string | null; productName: string | null; cpe: string | null; versionText: string | null }[];
  cveIds: string[];
}

export type FeedRecord = CveRecord | KevRecord | EpssRecord | JvnRecord;

/** File-level facts a parser learns on the way (KEV catalogVersion, EPSS model/score date). */
export interface FeedFileMeta {
  source: FeedSource;
  format: FeedFormat;
  /** KEV catalogVersion, EPSS score_date, or null; the importer also tracks max lastModified itself. */
  watermark?: string | null;
  epssModelVersion?: string | null;
  epssScoreDate?: string | null;
  /** For an NVD API response: totalResults, startIndex, resultsPerPage (used by the sync client for paging). */
  page?: { totalResults: number; startIndex: number; resultsPerPage: number };
}

/** A parsing problem, with where it happened. Parsers throw `FeedFormatError`; nothing is imported from the file. */
export class FeedFormatError extends Error {
  constructor(
    readonly fileName: string,
    readonly detail: string,
    /** 1-based record number or line, when known. */
    readonly at?: { record?: number; line?: number; field?: string },
  ) {
    super(`${fileName}: ${detail}${at?.record ? ` (record ${at.record})` : ''}${at?.line ? ` (line ${at.line})` : ''}${at?.field ? ` [${at.field}]` : ''}`);
    this.name = 'FeedFormatError';
  }
}
