import type { z } from 'zod';
import type { ZVendorLink } from '../../../shared/contracts/assessments.contract.ts';
import type { LinkView } from './vendor-sheet.service.ts';

export function presentVendorLink(l: LinkView): z.infer<typeof ZVendorLink> {
  return {
    id: l.id,
    recipient: l.recipient,
    expiresAt: l.expiresAt,
    createdAt: l.createdAt,
    revokedAt: l.revokedAt,
    lastUsedAt: l.lastUsedAt,
    useCount: l.useCount,
    status: l.status,
  };
}
