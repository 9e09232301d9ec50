import { ZAssetCreate } from '../../../shared/contracts/ledger.contract.ts';
import { ZConnectionCreate } from '../../../shared/contracts/connections.contract.ts';
import { ZContactEntryInput } from '../../../shared/contracts/contacts.contract.ts';
import { ZBackupPlanCreate } from '../../../shared/contracts/resilience-backups.contract.ts';
import { ZVendorContactCreate, ZVendorCreate } from '../../../shared/contracts/vendors.contract.ts';
import { defaultBcpContent } from '../../../shared/resilience/bcp.ts';
import { newId } from '../../lib/ids.ts';
import { insertConnectionTx } from '../connections/index.ts';
import { insertContactEntryTx } from '../incidents/index.ts';
import { insertAssetTx } from '../ledger/index.ts';
import { insertContactTx, insertVendorTx } from '../vendors/index.ts';
import type { TestEnv } from '../../testing/harness.ts';
import { SYSTEM } from '../../testing/harness.ts';
import { createBackupPlanTx } from './backup-plan.service.ts';
import { recordRunTx } from './backup-run.service.ts';

/**
 * For the binder's tests (server, CLI, e2e): a facility with something in every section of the binder — a contact chart
 * with a deputy, systems with dependencies and RTOs, a BCP draft with paper procedures, an offline backup that went
 * stale and a fresh NAS copy, a live VPN line and a vendor with a 24-hour number. Written through the modules' own
 * services (as the system) where they exist; recovery targets and the BCP row straight into their tables.
 */

export const BINDER_SEED = {
  firstPhone: '090-1111-2222',
  deputyPhone: '090-3333-4444',
  emr: '電子カルテ',
  emrRto: 24,
  core: 'コアスイッチ',
  offlinePlace: '院外倉庫(みなと倉庫株式会社)',
  nasPlace: 'サーバ室ラック3',
  connection: 'PACS保守回線(みなとメディカル)',
  entryIp: '192.0.2.10',
  vendor: 'みなとメディカル株式会社',
  vendorEmergency: '0120-000-999',
  department: '病棟(紙カルテ運用)',
  paper: '紙の指示簿と温度板に切り替える',
} as const;

export async function seedBinderFacility(env: TestEnv, facilityId: string): Promise<{ emrId: string; firstContactId: string }> {
  const S = BINDER_SEED;
  const now = env.clock.now();
  return env.deps.db.transaction().execute(async (trx) => {
    const vendor = await insertVendorTx(env.deps, trx, SYSTEM, facilityId, ZVendorCreate.parse({ name: S.vendor, phone: '03-0000-0000' }));
    await insertContactTx(env.deps, trx, SYSTEM, facilityId, vendor.id, ZVendorContactCreate.parse({ name: '保守センター', role: '24時間窓口', phone: S.vendorEmergency, emergency24h: true }));
    await insertContactTx(env.deps, trx, SYSTEM, facilityId, vendor.id, ZVendorContactCreate.parse({ name: '営業 田中', phone: '03-1234-5678' }));

    const asset = (name: string, type: string, criticality: number, ips: string[] = []) =>
      insertAssetTx(env.deps, trx, SYSTEM, facilityId, ZAssetCreate.parse({ name, type, criticality, ips }));
    const core = await asset(S.core, 'network_device', 3);
    const emr = await asset(S.emr, 'server', 1, ['192.0.2.20']);
    const vpn = await asset('VPN装置', 'network_device', 3, [S.entryIp]);
    await trx.insertInto('asset_relations').values({ id: newId(), facility_id: facilityId, from_asset_id: emr.id, to_asset_id: core.id, kind: 'depends_on', created_at: now.toISOString() }).execute();
    await trx
      .insertInto('recovery_targets')
      .values({ asset_id: emr.id, facility_id: facilityId, rto_hours: S.emrRto, rpo_hours: 24, drill_interval_months: 12, recovery_notes: 'DBを先に戻し、APサーバはその後', version: 1, updated_at: now.toISOString() })
      .execute();

    const first = await insertContactEntryTx(env.deps, trx, SYSTEM, facilityId, ZContactEntryInput.parse({ side: 'internal', kind: 'security_manager', roleLabel: '医療情報システム安全管理責任者', name: '山田 太郎', phone: S.firstPhone }));
    await insertContactEntryTx(env.deps, trx, SYSTEM, facilityId, ZContactEntryInput.parse({ side: 'internal', kind: 'it', roleLabel: '情報システム係', name: '佐藤 花子', phone: S.deputyPhone, deputyForId: first.id }));
    await insertContactEntryTx(env.deps, trx, SYSTEM, facilityId, ZContactEntryInput.parse({ side: 'external', kind: 'police', roleLabel: 'サイバー犯罪相談窓口', organization: '県警察本部', phone: '#9110' }));

    const offline = await createBackupPlanTx(
      env.deps,
      trx,
      SYSTEM,
      facilityId,
      ZBackupPlanCreate.parse({
        assetId: emr.id,
        label: '週次テープ(オフライン)',
        scopes: ['data', 'system_image'],
        medium: 'tape',
        disconnected: true,
        generations: 4,
        everyDays: 7,
        location: 'off_site',
        storagePlace: S.offlinePlace,
        encrypted: true,
        keyHolder: '事務部長',
        runBy: 'vendor',
        vendorId: vendor.id,
        restoreProcedure: 'テープを取り寄せ、保守事業者がDBサーバに復元する(約8時間)',
      }),
    );
    const nas = await createBackupPlanTx(
      env.deps,
      trx,
      SYSTEM,
      facilityId,
      ZBackupPlanCreate.parse({ assetId: emr.id, label: '日次NAS', scopes: ['data'], medium: 'nas', generations: 7, everyDays: 1, location: 'on_site', storagePlace: S.nasPlace, runBy: 'staff' }),
    );
    const day = 86_400_000;
    const at = (msAgo: number) => new Date(now.getTime() - msAgo).toISOString();
    await recordRunTx(env.deps, trx, SYSTEM, { id: offline, facility_id: facilityId }, { startedAt: at(20 * day + 3_600_000), finishedAt: at(20 * day), status: 'success' }, 'manual');
    await recordRunTx(env.deps, trx, SYSTEM, { id: nas, facility_id: facilityId }, { startedAt: at(5 * 3_600_000), finishedAt: at(4 * 3_600_000), status: 'success' }, 'manual');

    const lifecycle = { status: 'active' as const, approvedOn: '2026-01-05', expiresOn: '2027-01-05', activatedOn: '2026-01-06', retiredOn: null };
    await insertConnectionTx(
      env.deps,
      trx,
      SYSTEM,
      facilityId,
      ZConnectionCreate.parse({ name: S.connection, vendorId: vendor.id, kind: 'ssl_vpn', entryAssetId: vpn.id, internetFacing: true, auth: 'mfa', accountMode: 'named', reviewIntervalMonths: 12, notes: 'FortiGate の WAN1 ケーブルを抜く' }),
      { lifecycle },
    );

    const content = defaultBcpContent('試験病院');
    const departments = content.departments.map((d) => (d.name === S.department ? { ...d, paperProcedure: S.paper, owner: '看護部長' } : d));
    await trx
      .insertInto('bcp_versions')
      .values({ id: newId(), facility_id: facilityId, number: 1, status: 'draft', content: JSON.stringify({ ...content, departments }), based_on_id: null, created_by: null, submitted_at: null, submitted_by: null, approved_at: null, approved_by: null, approver_name: null, approval_note: null, version: 1, created_at: now.toISOString(), updated_at: now.toISOString() })
      .execute();
    return { emrId: emr.id, firstContactId: first.id };
  });
}
