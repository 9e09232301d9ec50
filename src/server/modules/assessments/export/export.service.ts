import { renderProblem, PROBLEM_TEXT } from '../../../../shared/assessments/domain.ts';
import { renderReason } from '../../../../shared/assessments/reasons.ts';
import type { ReasonText } from '../../../../shared/assessments/types.ts';
import type { Locale } from '../../../../shared/errors.ts';
import { recordAuditAlone } from '../../../audit/audit.service.ts';
import type { Caller, Deps } from '../../../context.ts';
import { renderPdf } from '../../../reports/pdf.ts';
import { VERSION } from '../../../version.ts';
import { ledgerToday } from '../../ledger/index.ts';
import { findUserByEmail } from '../../users/index.ts';
import { authorizeAssessment, listAssessments, loadAssessmentBundle } from '../index.ts';
import { assessmentHtml } from './html.ts';
import { exportFileName, type ExportBundle, type ExportContext } from './model.ts';
import { assessmentWorkbook } from './xlsx.ts';

/**
 * Export for the on-site inspection (立入検査): the assessment as an .xlsx laid out like the MHLW sheets (with a
 * sheet per vendor's 事業者確認用 of the same fiscal year), or as a printable HTML page / PDF. Needs read access to
 * the assessment (a vendor user exports only their own vendor sheet). Audited as `assessment`/`export`.
 */

export type ExportFormat = 'xlsx' | 'pdf' | 'html';

export interface AssessmentExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
};

/** A reason or problem sentence: the rule reasons' words, else the assessment problems' words, else the key. */
export function exportReason(r: ReasonText, lang: Locale): string {
  if (r.key in PROBLEM_TEXT) return renderProblem(r, lang);
  return renderReason(r, lang);
}

/** The display name of a signer (the label stored at signing is the email), or the label itself. */
async function signerName(deps: Deps, label: string | null): Promise<string | null> {
  if (!label) return null;
  const user = label.includes('@') ? await findUserByEmail(deps, label).catch(() => undefined) : undefined;
  return user ? user.display_name : label;
}

export async function exportAssessment(
  deps: Deps,
  caller: Caller,
  assessmentId: string,
  options: { format: ExportFormat; lang: Locale },
): Promise<AssessmentExportFile> {
  const access = await authorizeAssessment(deps, caller, assessmentId, 'read');
  const main = await loadAssessmentBundle(deps, assessmentId);
  const def = main.entry.definition;

  // The vendors' sheets of the same checklist and fiscal year (the hospital side only; a vendor sees its own sheet).
  let vendorSheets: ExportBundle[] = [];
  if (main.row.sheet === 'hospital' && def.vendorSheet && !access.asVendor) {
    const summaries = await listAssessments(deps, caller, main.row.facility_id, {
      sheet: 'vendor',
      frameworkId: def.vendorSheet,
      ...(main.row.fiscal_year !== null && { fiscalYear: main.row.fiscal_year }),
    });
    vendorSheets = [];
    for (const s of summaries) if (s.vendor) vendorSheets.push(await loadAssessmentBundle(deps, s.id));
  }

  const ctx: ExportContext = {
    lang: options.lang,
    generatedAt: deps.clock.now().toISOString(),
    today: ledgerToday(deps),
    version: VERSION,
    reason: exportReason,
  };
  const input = {
    ctx,
    main,
    signers: { manager: await signerName(deps, main.row.manager_signed_by), executive: await signerName(deps, main.row.executive_signed_by) },
    vendorSheets,
  };
  let body: Buffer;
  if (options.format === 'xlsx') body = await assessmentWorkbook(input);
  else {
    const html = assessmentHtml(input);
    body = options.format === 'pdf' ? await renderPdf(deps, html) : Buffer.from(html, 'utf8');
  }
  await recordAuditAlone(deps, caller, {
    facilityId: main.row.facility_id,
    entityType: 'assessment',
    entityId: main.row.id,
    action: 'export',
    after: { format: options.format, lang: options.lang, vendorSheets: vendorSheets.length, bytes: body.length },
  });
  return { fileName: exportFileName(main, options.format), contentType: EXPORT_CONTENT_TYPES[options.format], body };
}
