import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialect.ts';

/**
 * Vulnerability intelligence (issue 4).
 *
 * Feed data is deployment-wide (no facility_id): NVD CVE records with their configurations, the candidate
 * index of (part, vendor, product) per vulnerability, CISA KEV, FIRST EPSS, JVN iPedia entries, and one row
 * per feed import. Findings, their history, the deadline policy and notifications belong to a facility.
 */
export function createVulnerabilities(dialect: DialectName) {
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // One NVD CVE record (API 2.0 / feed 2.0 / legacy 1.1, normalised). Re-import replaces the row.
      await db.schema
        .createTable('cves')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('published', 'text')
        .addColumn('last_modified', 'text')
        // NVD vulnStatus: Analyzed, Modified, Deferred, Received, Awaiting Analysis, Rejected …
        .addColumn('vuln_status', 'text')
        .addColumn('description', 'text')
        .addColumn('cvss3_score', sql.raw(real))
        .addColumn('cvss3_vector', 'text')
        .addColumn('cvss4_score', sql.raw(real))
        .addColumn('cvss4_vector', 'text')
        .addColumn('cvss2_score', sql.raw(real))
        // JSON array of CWE ids.
        .addColumn('cwes', 'text', (c) => c.notNull().defaultTo('[]'))
        // JSON array of {url, tags}; capped by the importer.
        .addColumn('refs', 'text', (c) => c.notNull().defaultTo('[]'))
        // JSON VulnConfiguration[] (src/shared/vulns/configurations.ts) or null when NVD has not analysed it yet.
        .addColumn('configurations', 'text')
        .addColumn('feed_import_id', 'text')
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .execute();

      // Candidate index: which (part, vendor, product) a vulnerability names (NVD criteria or JVN CPEs).
      // Matching looks candidates up by (vendor, product) and then evaluates the full definition in memory.
      await db.schema
        .createTable('vuln_products')
        .addColumn('vendor', 'text', (c) => c.notNull())
        .addColumn('product', 'text', (c) => c.notNull())
        .addColumn('vuln_id', 'text', (c) => c.notNull())
        .addColumn('part', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('vuln_products_pk', ['vendor', 'product', 'vuln_id', 'part'])
        .execute();
      await db.schema.createIndex('vuln_products_vuln').on('vuln_products').column('vuln_id').execute();

      // CISA Known Exploited Vulnerabilities.
      await db.schema
        .createTable('kev_entries')
        .addColumn('cve_id', 'text', (c) => c.primaryKey())
        .addColumn('vendor_project', 'text', (c) => c.notNull())
        .addColumn('product', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('date_added', 'text', (c) => c.notNull())
        .addColumn('short_description', 'text', (c) => c.notNull())
        .addColumn('required_action', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        // 1 when knownRansomwareCampaignUse = Known.
        .addColumn('ransomware', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('notes', 'text')
        .addColumn('cwes', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('catalog_version', 'text')
        .addColumn('feed_import_id', 'text')
        .execute();
      await db.schema.createIndex('kev_entries_added').on('kev_entries').column('date_added').execute();

      // FIRST EPSS.
      await db.schema
        .createTable('epss_scores')
        .addColumn('cve_id', 'text', (c) => c.primaryKey())
        .addColumn('score', sql.raw(real), (c) => c.notNull())
        .addColumn('percentile', sql.raw(real), (c) => c.notNull())
        .addColumn('score_date', 'text')
        .addColumn('model_version', 'text')
        .execute();

      // JVN iPedia (MyJVN VULDEF / JVNRSS / yearly RDF): Japanese titles, Japanese vendors' products.
      await db.schema
        .createTable('jvn_entries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('summary', 'text')
        .addColumn('url', 'text')
        .addColumn('published', 'text')
        .addColumn('last_updated', 'text')
        .addColumn('cvss_version', 'text')
        .addColumn('cvss_score', sql.raw(real))
        .addColumn('cvss_severity', 'text')
        .addColumn('cvss_vector', 'text')
        // JSON array of {vendorName, productName, cpe (2.3 form), versionText}.
        .addColumn('affected', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('feed_import_id', 'text')
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('jvn_cves')
        .addColumn('jvn_id', 'text', (c) => c.notNull())
        .addColumn('cve_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('jvn_cves_pk', ['jvn_id', 'cve_id'])
        .execute();
      await db.schema.createIndex('jvn_cves_cve').on('jvn_cves').column('cve_id').execute();

      // One row per imported file or sync run.
      await db.schema
        .createTable('feed_imports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // nvd | kev | epss | jvn
        .addColumn('source', 'text', (c) => c.notNull())
        // nvd-api-2.0 | nvd-feed-2.0 | nvd-cve-2.0 | nvd-1.1 | kev-json | kev-csv | epss-csv | jvn-vuldef | jvn-rss | jvn-rdf
        .addColumn('format', 'text', (c) => c.notNull())
        // file | sync
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text')
        .addColumn('size', 'integer')
        // running | succeeded | failed
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('records', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('inserted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('criteria', 'integer', (c) => c.notNull().defaultTo(0))
        // Progress of a running import, bytes read so far.
        .addColumn('progress_bytes', 'integer', (c) => c.notNull().defaultTo(0))
        // Newest data in the file: max lastModified (NVD), catalogVersion (KEV), score_date (EPSS), max dateLastUpdated (JVN).
        .addColumn('watermark', 'text')
        .addColumn('error', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('feed_imports_source').on('feed_imports').columns(['source', 'started_at']).execute();

      // Asset × vulnerability.
      await db.schema
        .createTable('vuln_findings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
        // CVE-… or JVNDB-…
        .addColumn('vuln_id', 'text', (c) => c.notNull())
        // exact | possible | vendor-product
        .addColumn('confidence', 'text', (c) => c.notNull())
        // JSON MatchEvidence[] (src/shared/vulns/configurations.ts).
        .addColumn('evidence', 'text', (c) => c.notNull())
        // open | in_progress | fixed | mitigated | accepted | false_positive
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        // JSON PriorityFactors (why the score is what it is).
        .addColumn('priority_factors', 'text', (c) => c.notNull())
        // The deadline rule that applied (kev_exposed | kev | critical | high | medium | low) and the date (JST).
        .addColumn('due_rule', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('status_changed_at', 'text', (c) => c.notNull())
        .addColumn('status_changed_by', 'text', (c) => c.notNull())
        .addColumn('status_reason', 'text')
        // Risk acceptance: the executive who signed, until when.
        .addColumn('accepted_by_user_id', 'text')
        .addColumn('accepted_by', 'text')
        .addColumn('accepted_until', 'text')
        // Set when the finding closed because the asset (or the feed) no longer matches.
        .addColumn('auto_closed', 'integer', (c) => c.notNull().defaultTo(0))
        // 0 none, 1 security manager notified, 2 executive notified (棚上げ).
        .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('escalated_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      if (dialect === 'postgres') {
        // Every re-match touches last_seen_at (not indexed): spare page space lets PostgreSQL update in place (HOT)
        // instead of writing new entries into all four indexes.
        await sql`alter table vuln_findings set (fillfactor = 85)`.execute(db);
      }
      await db.schema.createIndex('vuln_findings_asset_vuln').on('vuln_findings').columns(['asset_id', 'vuln_id']).unique().execute();
      await db.schema.createIndex('vuln_findings_facility_status').on('vuln_findings').columns(['facility_id', 'status', 'priority']).execute();
      await db.schema.createIndex('vuln_findings_vuln').on('vuln_findings').columns(['vuln_id']).execute();

      await db.schema
        .createTable('vuln_finding_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('facility_id', 'text', (c) => c.notNull().references('facilities.id').onDelete('cascade'))
        .addColumn('finding_id', 'text', (c) => c.notNull().references('vuln_findings.id').onDelete('cascade'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        // detected | status | accepted | accept_expired | auto_closed | reopened | escalated
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text')
        .addColumn('comment', 'text')
        .execute();
      await db.schema.createIndex('vuln_finding_events_finding').on('vuln_finding_events').columns(['finding_id', 'at']).execute();

      // The fix-deadline and escalation policy of a facility (JSON VulnPolicy; defaults when absent).
      await db.schema
        .createTable('vuln_policies')
        .addColumn('facility_id', 'text', (c) => c.primaryKey().references('facilities.id').onDelete('cascade'))
        .addColumn('policy', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();

      // In-app notifications (the bell). `dedupe_key` keeps a job from notifying the same person twice.
      await db.schema
        .createTable('notifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('facility_id', 'text', (c) => c.references('facilities.id').onDelete('cascade'))
        // e.g. vuln.escalated_manager, vuln.escalated_executive, vuln.new_kev, vuln.accept_expired
        .addColumn('kind', 'text', (c) => c.notNull())
        // JSON parameters for the i18n message of `kind`.
        .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
        // In-app path to open (e.g. /vulns/findings/<id>).
        .addColumn('link', 'text')
        .addColumn('dedupe_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('read_at', 'text')
        .execute();
      await db.schema.createIndex('notifications_user_dedupe').on('notifications').columns(['user_id', 'dedupe_key']).unique().execute();
      await db.schema.createIndex('notifications_user_created').on('notifications').columns(['user_id', 'created_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of [
        'notifications',
        'vuln_policies',
        'vuln_finding_events',
        'vuln_findings',
        'feed_imports',
        'jvn_cves',
        'jvn_entries',
        'epss_scores',
        'kev_entries',
        'vuln_products',
        'cves',
      ]) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}
