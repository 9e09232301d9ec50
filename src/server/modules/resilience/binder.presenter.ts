import type { TBinderPrint, TBinderPrintPage } from '../../../shared/contracts/resilience-binder.contract.ts';
import type { BinderPrintView } from './binder.service.ts';

/** A generated binder copy → its DTO (explicit fields). */
export function presentBinderPrint(p: BinderPrintView): TBinderPrint {
  return { id: p.id, code: p.code, format: p.format, generatedAt: p.generatedAt, by: p.by, contentHash: p.contentHash, current: p.current };
}

export function presentBinderPrintPage(page: { items: BinderPrintView[]; total: number; page: number; pageSize: number }): TBinderPrintPage {
  return { items: page.items.map(presentBinderPrint), total: page.total, page: page.page, pageSize: page.pageSize };
}
