import { addDays } from '../ledger.ts';
import type { DueRule, PriorityFactors, VulnPolicy } from './domain.ts';

/**
 * The priority score of a finding and its fix deadline (ADR 0006). Pure: the engine collects the facts
 * (PriorityFactors, kept with each finding) and these functions turn them into a number and a date.
 *
 * Score (integer 0–1000, higher first). Built in tiers so that the classes of exposure never overlap before the
 * confidence discount, except that a care-critical vendor-reachable device may pass a minor internet-facing one:
 *
 *   tier                                                  base    class range (exact)
 *   known-exploited (KEV), internet-facing                 700    700–930
 *   known-exploited, reachable by a vendor line only       550    550–780
 *   known-exploited, not exposed                           300    300–530
 *   not known-exploited, internet-facing                   100    100–270
 *   not known-exploited, vendor-reachable                   60     60–230
 *   not known-exploited, internal                            0      0–170
 *
 * Within a tier:
 *   ransomware use known (KEV only)         +60
 *   care-critical asset                     +20 per step of criticality (1 → 60, 2 → 40, 3 → 20, 4 → 0)
 *   holds patient data                      +10
 *   EPSS probability p                      +round(60 × √p)   (√ spreads the many small scores; p = 0.1 → 19)
 *   CVSS base score s (0–10)                +4 × s            (unknown: 0)
 *
 * Confidence discount: the sum is multiplied by 1.0 (exact), 0.9 (possible: unknown patch level or platform
 * not confirmed) or 0.7 (vendor-product: no version comparison possible), rounded and clamped to 0–1000.
 * So a possible KEV on an exposed device (≥ 495) still outranks every non-KEV finding (≤ 270).
 *
 * Deadline rule (most urgent first): kev_exposed (KEV and internet-facing or vendor-reachable), kev,
 * critical (CVSS ≥ 9.0), high (≥ 7.0), medium (≥ 4.0, and also when no CVSS score is known: an unscored CVE is
 * usually an un-analysed new one, not a harmless one), low. The days per rule come from the facility's policy.
 * The deadline counts from the basis date: the day of detection (JST), or the KEV dateAdded when the
 * vulnerability was listed in KEV after the finding was detected (the shorter clock starts that day).
 */

export const PRIORITY_MAX = 1000;

const CONFIDENCE_FACTOR: Record<PriorityFactors['confidence'], number> = { exact: 1, possible: 0.9, 'vendor-product': 0.7 };

/** Internet-facing or reachable by a vendor line. */
export function isExposed(f: Pick<PriorityFactors, 'internetFacing' | 'vendorReachable'>): boolean {
  return f.internetFacing || f.vendorReachable;
}

/** The priority score (0–1000) of a finding from its factors. */
export function computePriority(f: PriorityFactors): number {
  let score = 0;
  if (f.kev) {
    score += f.internetFacing ? 700 : f.vendorReachable ? 550 : 300;
    if (f.ransomware) score += 60;
  } else {
    score += f.internetFacing ? 100 : f.vendorReachable ? 60 : 0;
  }
  const criticality = Math.min(4, Math.max(1, Math.round(f.criticality)));
  score += (4 - criticality) * 20;
  if (f.holdsPatientData) score += 10;
  if (f.epss !== null && Number.isFinite(f.epss)) score += Math.round(60 * Math.sqrt(Math.min(1, Math.max(0, f.epss))));
  if (f.cvss !== null && Number.isFinite(f.cvss)) score += 4 * Math.min(10, Math.max(0, f.cvss));
  return Math.min(PRIORITY_MAX, Math.max(0, Math.round(score * CONFIDENCE_FACTOR[f.confidence])));
}

/** Which deadline rule applies. */
export function dueRuleFor(f: Pick<PriorityFactors, 'kev' | 'internetFacing' | 'vendorReachable' | 'cvss'>): DueRule {
  if (f.kev) return isExposed(f) ? 'kev_exposed' : 'kev';
  if (f.cvss === null || !Number.isFinite(f.cvss)) return 'medium';
  if (f.cvss >= 9) return 'critical';
  if (f.cvss >= 7) return 'high';
  if (f.cvss >= 4) return 'medium';
  return 'low';
}

/** The fix deadline (YYYY-MM-DD): basis date + the policy's days for the rule. */
export function dueOn(basisDate: string, rule: DueRule, policy: Pick<VulnPolicy, 'dueDays'>): string {
  return addDays(basisDate, policy.dueDays[rule]);
}

/**
 * The date the deadline counts from: the detection date, or the KEV listing date when the vulnerability became
 * known-exploited after it was detected on the asset (both YYYY-MM-DD, JST).
 */
export function dueBasis(detectedOn: string, kevDateAdded: string | null): string {
  return kevDateAdded !== null && kevDateAdded > detectedOn ? kevDateAdded : detectedOn;
}
