import { deriveIdentities, suggestQuery } from '../../../shared/vulns/identity.ts';
import { evaluate, evaluateJvn } from '../../../shared/vulns/configurations.ts';
import { indexKey } from '../../../shared/vulns/cpe.ts';
import type { AssetIdentity, AssetProductFields, Confidence, MatchEvidence, MatchOutcome, VulnConfiguration } from '../../../shared/vulns/types.ts';

/**
 * The one place where the engine meets the pure matching core (src/shared/vulns): identities of an asset,
 * their candidate-index keys, and the evaluation of NVD configurations and JVN product lists.
 */

export type JvnAffected = { vendorName: string | null; productName: string | null; cpe: string | null; versionText: string | null };

export function identitiesOf(asset: AssetProductFields): AssetIdentity[] {
  return deriveIdentities(asset);
}

/** The (vendor, product) of an identity as the candidate index stores it, or null when it names no product. */
export function keyOf(identity: AssetIdentity): { vendor: string; product: string } | null {
  const k = indexKey(identity.wfn);
  if (k.vendor === '*' || k.vendor === '-' || k.product === '*' || k.product === '-') return null;
  return { vendor: k.vendor, product: k.product };
}

export function evaluateCve(configs: VulnConfiguration[], identities: AssetIdentity[]): MatchOutcome {
  return evaluate(configs, identities);
}

export function evaluateJvnEntry(affected: JvnAffected[], identities: AssetIdentity[]): MatchOutcome {
  return evaluateJvn(affected, identities);
}

const CONFIDENCE_RANK: Record<Confidence, number> = { exact: 3, possible: 2, 'vendor-product': 1 };

/** The more certain of two confidences. */
export function betterConfidence(a: Confidence, b: Confidence): Confidence {
  return CONFIDENCE_RANK[a] >= CONFIDENCE_RANK[b] ? a : b;
}

export { suggestQuery };
export type { AssetIdentity, Confidence, MatchEvidence, MatchOutcome };
