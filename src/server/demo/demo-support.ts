import type { Kysely } from 'kysely';
import { ZAssetListQuery } from '../../shared/contracts/ledger.contract.ts';
import type { Caller, Deps } from '../context.ts';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { listAssets, type AssetView } from '../modules/ledger/index.ts';
import { findUserRowByEmail, loadActor } from '../modules/users/index.ts';

/**
 * Helpers shared by the demo seeders. The demo loads in one transaction (all or nothing), while some use cases the
 * seeders call (updateAsset, setVendorUsers, createConnection, rejectConnection …) open a transaction of their own.
 */

/**
 * Deps whose database is the demo's transaction: reads see what the demo wrote so far, and a use case's
 * `db.transaction().execute(fn)` runs `fn` in that same transaction (no nested transaction, no second connection),
 * so the use cases keep their checks, history and audit while the demo stays one transaction.
 */
export function withinDemoTransaction(deps: Deps, trx: Db): Deps {
  const db = new Proxy(trx, {
    get(target, prop) {
      if (prop === 'transaction') return () => ({ execute: <T>(fn: (t: Db) => Promise<T>): Promise<T> => fn(target) });
      // Kysely's classes keep private fields: call their methods on the transaction itself, not on the proxy.
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { ...deps, db: db as unknown as Kysely<Database> };
}

/** The facility's assets by asset tag (資産番号), read through the asset use case. */
export async function assetsByTag(deps: Deps, caller: Caller, facilityId: string): Promise<Map<string, AssetView>> {
  const byTag = new Map<string, AssetView>();
  for (let page = 1; ; page++) {
    const r = await listAssets(deps, caller, facilityId, ZAssetListQuery.parse({ page, pageSize: 500, sort: 'assetTag' }));
    for (const a of r.items) if (a.assetTag) byTag.set(a.assetTag, a);
    if (page * r.pageSize >= r.total) return byTag;
  }
}

/** A demo user as the caller (their roles from the database), so that what they do is recorded under their name. */
export async function demoUserCaller(db: Db, email: string): Promise<Caller> {
  const user = await findUserRowByEmail(db, email);
  if (!user) throw new Error(`demo user ${email} is missing`);
  return { actor: await loadActor(db, user), ip: null, label: user.email };
}
