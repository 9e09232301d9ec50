import { frameworkItems, type AnswerType, type FrameworkDefinition } from '../../../../shared/assessments/framework.ts';
import type { PathSegment, PlainIssue } from './framework-issues.ts';

/** Checks beyond the schema on a definition that passed it: scale levels named once, a vendor sheet that is another framework. */
export function definitionIssues(f: FrameworkDefinition): PlainIssue[] {
  const out: PlainIssue[] = [];
  const scale = (t: AnswerType | undefined, path: PathSegment[]) => {
    if (!t || typeof t === 'string') return;
    const seen = new Set<string>();
    t.scale.forEach((level, i) => {
      if (seen.has(level.value)) out.push({ path: [...path, 'scale', i, 'value'], code: 'duplicate_id', message: `duplicate scale level ${level.value}` });
      seen.add(level.value);
    });
  };
  scale(f.answerType, ['answerType']);
  if (f.gate) scale(f.gate.answerType, ['gate', 'answerType']);
  f.sections.forEach((s, si) => s.items.forEach((item, ii) => scale(item.answerType, ['sections', si, 'items', ii, 'answerType'])));
  if (f.vendorSheet !== undefined && f.vendorSheet === f.id) out.push({ path: ['vendorSheet'], code: 'invalid_value', message: 'a framework cannot be its own vendor sheet' });
  if (f.vendorSheet !== undefined && f.sheet !== 'hospital') out.push({ path: ['vendorSheet'], code: 'invalid_value', message: 'only a hospital sheet (sheet: hospital) names a vendor sheet' });
  if (frameworkItems(f).length > 2000) out.push({ path: ['sections'], code: 'too_big', message: 'more than 2000 items' });
  return out;
}
