import type { ReactNode } from 'react';
import { Badge } from '@mantine/core';
import { IconAlertOctagon, IconAlertTriangle, IconCircleMinus, IconInfoCircle, IconShieldLock } from '@tabler/icons-react';
import {
  CASE_CATEGORY_LABELS,
  CASE_PHASE_LABELS,
  CASE_SEVERITY_LABELS,
  COMM_CHANNEL_LABELS,
  COMM_DIRECTION_LABELS,
  CUSTODY_ACTION_LABELS,
  EVIDENCE_TYPE_LABELS,
  TEAM_ROLE_LABELS,
  TLP_LABELS,
  type CaseCategory,
  type CasePhase,
  type CaseSeverity,
  type CommChannel,
  type CommDirection,
  type CustodyAction,
  type EvidenceType,
  type TeamRole,
  type TlpLevel,
} from '../../../../shared/incidents/cases.ts';
import { useLocale } from '../../../lib/format.ts';
import type { StatusTone } from '../../../components/StatusBadge.tsx';

/** The shared ja/en labels of the incident vocabulary (src/shared/incidents/cases.ts) in the UI's language. */
export function useCaseLabels() {
  const locale = useLocale();
  return {
    locale,
    category: (c: CaseCategory) => CASE_CATEGORY_LABELS[c]?.[locale] ?? c,
    severity: (s: CaseSeverity) => CASE_SEVERITY_LABELS[s]?.[locale] ?? s,
    phase: (p: CasePhase) => CASE_PHASE_LABELS[p]?.[locale] ?? p,
    role: (r: TeamRole) => TEAM_ROLE_LABELS[r]?.[locale] ?? r,
    channel: (c: CommChannel) => COMM_CHANNEL_LABELS[c]?.[locale] ?? c,
    direction: (d: CommDirection) => COMM_DIRECTION_LABELS[d]?.[locale] ?? d,
    evidenceType: (e: EvidenceType) => EVIDENCE_TYPE_LABELS[e]?.[locale] ?? e,
    custodyAction: (a: CustodyAction) => CUSTODY_ACTION_LABELS[a]?.[locale] ?? a,
    text: (x: { ja: string; en: string | null }) => (locale === 'en' ? (x.en ?? x.ja) : x.ja),
  };
}

export function severityTone(s: CaseSeverity): StatusTone {
  return s === 'critical' ? 'danger' : s === 'high' ? 'warn' : s === 'medium' ? 'info' : 'neutral';
}

const SEVERITY_ICON: Record<CaseSeverity, ReactNode> = {
  critical: <IconAlertOctagon size={14} aria-hidden />,
  high: <IconAlertTriangle size={14} aria-hidden />,
  medium: <IconInfoCircle size={14} aria-hidden />,
  low: <IconCircleMinus size={14} aria-hidden />,
};
const SEVERITY_COLOR: Record<CaseSeverity, string> = { critical: 'red', high: 'orange', medium: 'yellow', low: 'gray' };

/** Severity: text, icon and colour (UX.md: never colour alone). */
export function SeverityBadge({ severity, label }: { severity: CaseSeverity; label: string }) {
  return (
    <Badge color={SEVERITY_COLOR[severity]} variant={severity === 'critical' ? 'filled' : 'light'} leftSection={SEVERITY_ICON[severity]} radius="sm" styles={{ root: { textTransform: 'none' } }}>
      {label}
    </Badge>
  );
}

const TLP_COLOR: Record<TlpLevel, string> = { clear: 'gray', green: 'green', amber: 'orange', amber_strict: 'orange', red: 'red' };

/** TLP 2.0 label as a badge (the label itself is the text). */
export function TlpBadge({ tlp }: { tlp: TlpLevel }) {
  return (
    <Badge color={TLP_COLOR[tlp]} variant="outline" radius="sm" leftSection={<IconShieldLock size={14} aria-hidden />} styles={{ root: { textTransform: 'none' } }} className="mono">
      {TLP_LABELS[tlp]}
    </Badge>
  );
}
