import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { DatabaseHandle } from './database.ts';
import type { DialectName } from './dialect.ts';
import { createFoundation } from './migrations/2026_11_23_0900_create_foundation.ts';
import { createLedgerAssets } from './migrations/2026_11_24_0900_create_ledger_assets.ts';
import { indexAssetList } from './migrations/2026_11_24_1000_index_asset_list.ts';
import { createConnectionsVendors } from './migrations/2026_11_25_0900_create_connections_vendors.ts';
import { createVulnerabilities } from './migrations/2026_11_26_0900_create_vulnerabilities.ts';
import { createAssessments } from './migrations/2026_11_27_0900_create_assessments.ts';
import { createContactChart } from './migrations/2026_11_28_0900_create_contact_chart.ts';
import { createIncidents } from './migrations/2026_11_29_0900_create_incidents.ts';
import { incidentCustodyAppendOnly } from './migrations/2026_11_30_0900_incident_custody_append_only.ts';
import { createResilience } from './migrations/2026_12_01_0900_create_resilience.ts';

/** Every migration, in order. Names are timestamped (YYYY_MM_DD_HHmm_verb_noun). */
function allMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '2026_11_23_0900_create_foundation': createFoundation(dialect),
    '2026_11_24_0900_create_ledger_assets': createLedgerAssets(dialect),
    '2026_11_24_1000_index_asset_list': indexAssetList(dialect),
    '2026_11_25_0900_create_connections_vendors': createConnectionsVendors(dialect),
    '2026_11_26_0900_create_vulnerabilities': createVulnerabilities(dialect),
    '2026_11_27_0900_create_assessments': createAssessments(dialect),
    '2026_11_28_0900_create_contact_chart': createContactChart(dialect),
    '2026_11_29_0900_create_incidents': createIncidents(dialect),
    '2026_11_30_0900_incident_custody_append_only': incidentCustodyAppendOnly(dialect),
    '2026_12_01_0900_create_resilience': createResilience(dialect),
  };
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return allMigrations(this.dialect);
  }
}

/** Brings the schema up to date. Safe to run on every start; each migration runs in a transaction. */
export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  const migrator = new Migrator({
    db: handle.db,
    provider: new StaticProvider(handle.dialect),
    migrationTableName: 'mamori_migrations',
    migrationLockTableName: 'mamori_migrations_lock',
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${String(result.error instanceof Error ? result.error.message : result.error)}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
