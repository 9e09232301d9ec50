import { useId, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { Anchor, Box, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconPlus, IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import type { ConnectionFlag } from '../../../shared/connections.ts';
import type { TConnection, TConnectionPage } from '../../../shared/contracts/connections.contract.ts';
import type { TSegment, TSegmentFlow } from '../../../shared/contracts/ledger.contract.ts';
import { useSession } from '../session/SessionContext.tsx';
import { LEDGER_KEY, useFlows, useLedgerLabels } from './ledger.ts';
import {
  DIAGRAM,
  type DiagramLayout,
  type ExternalNode,
  externalNodes,
  fitText,
  layoutDiagram,
  type Rect,
  type RiskTone,
  UNASSIGNED,
  worstFirst,
  wrapText,
} from './segment-diagram.ts';

/**
 * The network diagram: segments as boxes, the flows allowed between them as arrows, and the live external
 * connections entering them from an outside column. Layout in segment-diagram.ts. The drawing is one SVG
 * (role="img" with a summary); what can be opened is a layer of real links laid over the boxes, so that
 * keyboard and screen-reader users reach the same places. A text version follows in a <details>.
 */

const COLOR = {
  ink: '#212529',
  text: '#343a40',
  dim: '#495057',
  line: '#495057',
  border: '#868e96',
  outsideFill: '#fff8f0',
  outsideBorder: '#ffd8a8',
  insideFill: '#f8f9fa',
  insideBorder: '#dee2e6',
  danger: '#c92a2a',
  warning: '#d9480f',
  /** Orange text needs a darker shade than orange lines for 4.5:1 on white. */
  warningText: '#a93a0b',
  none: '#868e96',
} as const;

const PURPOSE_COLOR: Record<TSegment['purpose'], string> = {
  emr: '#1971c2',
  departmental: '#0c8599',
  medical_device: '#9c36b5',
  internet: '#3b5bdb',
  maintenance: '#6741d9',
  office: '#2f9e44',
  other: '#868e96',
};

const TONE_STROKE: Record<RiskTone, string> = { danger: COLOR.danger, warning: COLOR.warning, none: COLOR.none };
const ARROW: Record<'right' | 'left' | 'down' | 'up', string> = { right: '→', left: '←', down: '↓', up: '↑' };
const PRINT_ATTR = 'segment-diagram';

const CSS = `
.sd-canvas { position: relative; }
.sd-canvas svg { display: block; width: 100%; height: 100%; }
.sd-hit { position: absolute; display: block; border-radius: 8px; }
.sd-hit:hover { background: rgba(25, 113, 194, 0.07); box-shadow: 0 0 0 2px #1971c2; }
.sd-hit:focus-visible { background: rgba(25, 113, 194, 0.07); }
.sd-print-only { display: none; }
@media print {
  html[data-print="${PRINT_ATTR}"] body *:not(:has(.sd-print)):not(.sd-print):not(.sd-print *) { display: none !important; }
  html[data-print="${PRINT_ATTR}"] .sd-print { border: 0 !important; padding: 0 !important; }
  .sd-print .sd-no-print, .sd-print .sd-hit { display: none !important; }
  .sd-print .sd-print-only { display: block; }
  .sd-print .sd-scroll { overflow: visible !important; }
  .sd-print .sd-canvas { min-width: 0 !important; max-width: 100% !important; width: min(100%, calc(165mm * var(--sd-ratio))) !important; margin: 0 auto; }
}
`;

/** Live connections of the facility (the API may be missing or refuse: then the diagram shows none). */
function useDiagramConnections(facilityId: string) {
  return useQuery({
    queryKey: [...LEDGER_KEY, facilityId, 'diagram', 'connections'],
    queryFn: ({ signal }) => api.get<TConnectionPage>(`/facilities/${encodeURIComponent(facilityId)}/connections`, { live: 'true', pageSize: 500, sort: 'name' }, signal),
    retry: false,
  });
}

export function SegmentDiagram({ facilityId, segments, onAddSegment }: { facilityId: string; segments: TSegment[]; onAddSegment?: () => void }) {
  const { t } = useTranslation();
  const flows = useFlows(facilityId);
  const connections = useDiagramConnections(facilityId);
  const session = useSession();
  const fmt = useFormat();
  const [printedAt, setPrintedAt] = useState('');
  const print = () => {
    flushSync(() => setPrintedAt(new Date().toISOString()));
    const page = document.createElement('style');
    page.textContent = '@page { size: A4 landscape; margin: 10mm; }';
    document.head.appendChild(page);
    document.documentElement.dataset.print = PRINT_ATTR;
    const done = () => {
      page.remove();
      delete document.documentElement.dataset.print;
      window.removeEventListener('afterprint', done);
    };
    window.addEventListener('afterprint', done);
    window.print();
  };

  const header = (
    <Group justify="space-between" align="flex-start" gap="sm" mb="xs">
      <Stack gap={4} style={{ flex: '1 1 20rem' }}>
        <Title order={2} size="h4" id="diagram-title">
          {t('ledger.diagram.title')}
        </Title>
        <Text size="sm" c="dimmed" className="sd-no-print">
          {t('ledger.diagram.description')}
        </Text>
        {printedAt ? (
          <Text size="sm" className="sd-print-only">
            {t('ledger.diagram.printedAt', { facility: session.currentFacility?.name ?? '', at: fmt.dateTime(printedAt) })}
          </Text>
        ) : null}
      </Stack>
      {segments.length > 0 ? (
        <Button variant="default" className="sd-no-print" leftSection={<IconPrinter size={16} aria-hidden />} onClick={print}>
          {t('ledger.diagram.print')}
        </Button>
      ) : null}
    </Group>
  );

  let body;
  if (segments.length === 0) {
    body = (
      <Stack gap="xs" align="flex-start">
        <Text fw={600}>{t('ledger.diagram.empty.title')}</Text>
        <Text size="sm" c="dimmed">
          {t('ledger.diagram.empty.description')}
        </Text>
        {onAddSegment ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onAddSegment}>
            {t('ledger.segments.add')}
          </Button>
        ) : null}
      </Stack>
    );
  } else if (flows.isPending || connections.isPending) {
    body = <Loading />;
  } else {
    body = (
      <>
        {flows.error ? <ErrorAlert error={flows.error} /> : null}
        <DiagramBody segments={segments} flows={flows.data?.items ?? []} connections={connections.data?.items ?? []} connectionsFailed={Boolean(connections.error)} />
      </>
    );
  }
  return (
    <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="diagram-title" className="sd-print">
      <style href="mamori-segment-diagram" precedence="default">
        {CSS}
      </style>
      {header}
      {body}
    </Card>
  );
}

function DiagramBody({ segments, flows, connections, connectionsFailed }: { segments: TSegment[]; flows: TSegmentFlow[]; connections: TConnection[]; connectionsFailed: boolean }) {
  const { t } = useTranslation();
  const labels = useLedgerLabels();
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');

  const segmentIds = useMemo(() => segments.map((s) => s.id), [segments]);
  const nodes = useMemo(
    () => externalNodes(connections.map((c) => ({ id: c.id, name: c.name, vendorId: c.vendorId, vendorName: c.vendorName, segmentId: c.segmentId, flags: c.flags })), segmentIds),
    [connections, segmentIds],
  );
  const layout = useMemo(
    () =>
      layoutDiagram({
        segments: segments.map((s) => ({ id: s.id, cidrCount: s.cidrs.length, entry: s.purpose === 'internet' || s.purpose === 'maintenance', purposeLine: s.name.trim() !== labels.purpose(s.purpose) })),
        flows: flows.map((f) => ({ id: f.id, from: f.fromSegmentId, to: f.toSegmentId, label: f.services ?? '' })),
        externals: nodes.map((n) => ({ id: n.id, segmentIds: n.segmentIds })),
      }),
    // labels.purpose changes with the language only, like t.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [segments, flows, nodes, t],
  );

  const segById = new Map(segments.map((s) => [s.id, s]));
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const connById = new Map(connections.map((c) => [c.id, c]));
  const segName = (id: string | null) => (id && segById.get(id)?.name) || t('ledger.diagram.unassigned');
  const dangerCount = nodes.reduce((a, n) => a + n.dangerCount, 0);
  const sep = t('ledger.diagram.separator');

  const connectionDetails = (c: TConnection) =>
    [t(`connections.kinds.${c.kind}`), c.vendorName ?? t('ledger.diagram.noVendor'), t(`connections.status.${c.status}`), t('ledger.diagram.text.enters', { segment: segName(c.segmentId) }), ...worstFirst(c.flags).map((f) => t(`connections.flags.${f}`))].join(sep);
  const nodeLabel = (n: ExternalNode): string => {
    if (n.kind === 'connection') {
      const c = connById.get(n.connectionIds[0]!)!;
      return t('ledger.diagram.connectionLink', { name: c.name, details: connectionDetails(c) });
    }
    const first = connById.get(n.connectionIds[0]!);
    const risk = n.dangerCount + n.warningCount > 0 ? [groupRisk(t, n)] : [t('ledger.diagram.noFlags')];
    return t('ledger.diagram.vendorLink', { vendor: first?.vendorName ?? t('ledger.diagram.noVendor'), count: n.connectionIds.length, details: [...n.segmentIds.map((s) => segName(s === UNASSIGNED ? null : s)), ...risk].join(sep) });
  };
  const nodeHref = (n: ExternalNode) => (n.kind === 'connection' ? PATHS.connection(n.connectionIds[0]!) : n.vendorId ? `${PATHS.connections}?vendorId=${encodeURIComponent(n.vendorId)}` : PATHS.connections);

  const pct = (r: Rect): CSSProperties => ({
    left: `${(r.x / layout.width) * 100}%`,
    top: `${(r.y / layout.height) * 100}%`,
    width: `${(r.width / layout.width) * 100}%`,
    height: `${(r.height / layout.height) * 100}%`,
  });
  const counts = t('ledger.diagram.counts', { segments: segments.length, flows: layout.flows.length, connections: connections.length, danger: dangerCount });
  const minWidth = Math.min(layout.width, Math.max(640, Math.round(layout.width * 0.8)));

  return (
    <Stack gap="sm">
      <Legend />
      {layout.width > 640 ? (
        <Text size="xs" c="dimmed" hiddenFrom="md" className="sd-no-print">
          {t('ledger.diagram.scrollHint')}
        </Text>
      ) : null}
      <Box className="sd-scroll" style={{ overflowX: 'auto', overflowY: 'hidden' }}>
        <div className="sd-canvas" style={{ width: '100%', minWidth, maxWidth: layout.width, aspectRatio: `${layout.width} / ${layout.height}`, ['--sd-ratio' as string]: String(layout.width / layout.height) }}>
          <svg viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-labelledby={`${uid}-t ${uid}-d`} data-testid="segment-diagram">
            <title id={`${uid}-t`}>{t('ledger.diagram.title')}</title>
            <desc id={`${uid}-d`}>{t('ledger.diagram.summary', { counts })}</desc>
            <Markers uid={uid} />
            <Areas layout={layout} hasExternals={nodes.length > 0} connectionsFailed={connectionsFailed} />
            {layout.links.map((l) => {
              const tone = nodeById.get(l.externalId)?.tone ?? 'none';
              return <path key={`${l.externalId}>${l.segmentId}`} d={l.path} fill="none" stroke={TONE_STROKE[tone]} strokeWidth={tone === 'danger' ? 2 : 1.6} strokeDasharray="7 4" markerEnd={`url(#${uid}-m-${tone})`} />;
            })}
            {layout.flows.map((f) => (
              <path key={f.id} d={f.path} fill="none" stroke={COLOR.line} strokeWidth={1.4} markerEnd={`url(#${uid}-m-flow)`} />
            ))}
            {layout.flows.map((f) =>
              f.label ? (
                <g key={`l-${f.id}`}>
                  <rect x={f.label.x} y={f.label.y} width={f.label.width} height={f.label.height} rx={3} fill="#ffffff" stroke={COLOR.insideBorder} strokeWidth={0.8} />
                  <text
                    x={f.direction === 'down' || f.direction === 'up' ? f.label.x + 5 : f.label.x + f.label.width / 2}
                    y={f.label.y + 13}
                    fontSize={DIAGRAM.labelFont}
                    fill={COLOR.text}
                    textAnchor={f.direction === 'down' || f.direction === 'up' ? 'start' : 'middle'}
                  >
                    <tspan fontWeight={700}>{ARROW[f.direction]}</tspan> {f.label.text}
                  </text>
                </g>
              ) : null,
            )}
            {layout.segments.map((b) => {
              const s = segById.get(b.id);
              return s ? <SegmentBoxView key={b.id} box={b} segment={s} /> : <UnassignedBoxView key={b.id} box={b} />;
            })}
            {layout.externals.map((b) => {
              const n = nodeById.get(b.id)!;
              return <ExternalBoxView key={b.id} box={b} node={n} connection={connById.get(n.connectionIds[0]!)} />;
            })}
          </svg>
          {layout.externals.map((b) => {
            const n = nodeById.get(b.id)!;
            const label = nodeLabel(n);
            return <Link key={b.id} to={nodeHref(n)} className="sd-hit" style={pct(b)} aria-label={label} title={label} />;
          })}
          {layout.segments.map((b) => {
            const s = segById.get(b.id);
            if (!s) return null;
            const purpose = labels.purpose(s.purpose);
            const label = s.name.trim() === purpose ? t('ledger.diagram.segmentLinkPlain', { name: s.name, count: s.assetCount }) : t('ledger.diagram.segmentLink', { name: s.name, purpose, count: s.assetCount });
            return <Link key={b.id} to={`${PATHS.assets}?segmentId=${encodeURIComponent(s.id)}`} className="sd-hit" style={pct(b)} aria-label={label} title={label} data-segment-id={s.id} />;
          })}
        </div>
      </Box>
      <Box component="details" className="sd-no-print">
        <Text component="summary" size="sm" fw={600} style={{ cursor: 'pointer' }}>
          {t('ledger.diagram.text.summary')}
        </Text>
        <Stack gap="xs" mt="xs">
          <Text size="sm">{counts}</Text>
          <Title order={3} size="h6">
            {t('ledger.diagram.text.segments')}
          </Title>
          <List size="sm" spacing={2}>
            {segments.map((s) => (
              <List.Item key={s.id}>
                <Anchor component={Link} to={`${PATHS.assets}?segmentId=${encodeURIComponent(s.id)}`} size="sm">
                  {t(s.name.trim() === labels.purpose(s.purpose) ? 'ledger.diagram.text.segmentLinePlain' : 'ledger.diagram.text.segmentLine', {
                    name: s.name,
                    purpose: labels.purpose(s.purpose),
                    vlan: s.vlan === null ? t('ledger.diagram.noVlan') : t('ledger.diagram.vlan', { vlan: s.vlan }),
                    cidrs: s.cidrs.length > 0 ? s.cidrs.join(sep) : t('ledger.diagram.noCidrs'),
                    count: s.assetCount,
                  })}
                </Anchor>
              </List.Item>
            ))}
          </List>
          <Title order={3} size="h6">
            {t('ledger.diagram.text.flows')}
          </Title>
          {flows.length === 0 ? (
            <Text size="sm">{t('ledger.flows.none')}</Text>
          ) : (
            <List size="sm" spacing={2}>
              {flows.map((f) => (
                <List.Item key={f.id}>
                  {t('ledger.diagram.text.flowLine', { from: segName(f.fromSegmentId), to: segName(f.toSegmentId), services: f.services ?? t('ledger.diagram.text.noServices') })}
                  {f.description ? ` (${f.description})` : ''}
                </List.Item>
              ))}
            </List>
          )}
          <Title order={3} size="h6">
            {t('ledger.diagram.text.connections')}
          </Title>
          {connections.length === 0 ? (
            <Text size="sm">{(connectionsFailed ? t('ledger.diagram.connectionsUnavailable') : t('ledger.diagram.noConnections')).replace(/\n/g, '')}</Text>
          ) : (
            <List size="sm" spacing={2}>
              {connections.map((c) => (
                <List.Item key={c.id}>
                  <Anchor component={Link} to={PATHS.connection(c.id)} size="sm">
                    {c.name}
                  </Anchor>
                  {`: ${connectionDetails(c)}`}
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
      </Box>
    </Stack>
  );
}

function Markers({ uid }: { uid: string }) {
  const marker = (id: string, color: string) => (
    <marker id={`${uid}-m-${id}`} viewBox="0 0 10 10" refX={9.5} refY={5} markerWidth={7} markerHeight={7} orient="auto-start-reverse" markerUnits="userSpaceOnUse">
      <path d="M0 0 L10 5 L0 10 z" fill={color} />
    </marker>
  );
  return (
    <defs>
      {marker('flow', COLOR.line)}
      {marker('danger', COLOR.danger)}
      {marker('warning', COLOR.warning)}
      {marker('none', COLOR.none)}
    </defs>
  );
}

function Areas({ layout, hasExternals, connectionsFailed }: { layout: DiagramLayout; hasExternals: boolean; connectionsFailed: boolean }) {
  const { t } = useTranslation();
  const o = layout.outside;
  const i = layout.inside;
  return (
    <g>
      <rect x={o.x} y={o.y} width={o.width} height={o.height} rx={10} fill={COLOR.outsideFill} stroke={COLOR.outsideBorder} />
      <text x={o.x + 10} y={o.y + 21} fontSize={13} fontWeight={700} fill={COLOR.ink}>
        {fitText(t('ledger.diagram.outside'), o.width - 20, 13, true)}
      </text>
      {hasExternals ? null : (
        <text x={o.x + 10} y={o.y + DIAGRAM.header + 24} fontSize={12} fill={COLOR.dim}>
          {wrapText(connectionsFailed ? t('ledger.diagram.connectionsUnavailable') : t('ledger.diagram.noConnections'), o.width - 20, 12, 4).map((line, i) => (
            <tspan key={i} x={o.x + 10} dy={i === 0 ? 0 : 17}>
              {line}
            </tspan>
          ))}
        </text>
      )}
      <rect x={i.x} y={i.y} width={i.width} height={i.height} rx={10} fill={COLOR.insideFill} stroke={COLOR.insideBorder} />
      <text x={i.x + 10} y={i.y + 21} fontSize={13} fontWeight={700} fill={COLOR.ink}>
        {t('ledger.diagram.inside')}
      </text>
    </g>
  );
}

function SegmentBoxView({ box, segment: s }: { box: Rect; segment: TSegment }) {
  const { t } = useTranslation();
  const labels = useLedgerLabels();
  const L = DIAGRAM.boxLines;
  const inner = box.width - 24;
  const purposeLine = s.name.trim() !== labels.purpose(s.purpose);
  const up = purposeLine ? 0 : L.purposeStep;
  const meta = t('ledger.diagram.meta', { vlan: s.vlan === null ? t('ledger.diagram.noVlan') : t('ledger.diagram.vlan', { vlan: s.vlan }), count: s.assetCount });
  const cidrs = s.cidrs.length === 0 ? [t('ledger.diagram.noCidrs')] : s.cidrs.length <= 2 ? s.cidrs : [s.cidrs[0]!, t('ledger.diagram.moreCidrs', { cidr: s.cidrs[1]!, count: s.cidrs.length - 2 })];
  return (
    <g>
      <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={8} fill="#ffffff" stroke={COLOR.border} strokeWidth={1.2} />
      <rect x={box.x} y={box.y + 8} width={4} height={box.height - 16} rx={2} fill={PURPOSE_COLOR[s.purpose]} />
      <text x={box.x + 12} y={box.y + L.name} fontSize={13.5} fontWeight={700} fill={COLOR.ink}>
        {fitText(s.name, inner, 13.5, true)}
      </text>
      {purposeLine ? (
        <text x={box.x + 12} y={box.y + L.purpose} fontSize={12} fill={PURPOSE_COLOR[s.purpose]} fontWeight={600}>
          {fitText(labels.purpose(s.purpose), inner, 12, true)}
        </text>
      ) : null}
      <text x={box.x + 12} y={box.y + L.meta - up} fontSize={12} fill={COLOR.dim}>
        {fitText(meta, inner, 12)}
      </text>
      {cidrs.map((c, i) => (
        <text key={c} x={box.x + 12} y={box.y + L.cidr - up + i * L.cidrStep} fontSize={11} fill={COLOR.dim} fontFamily="var(--mantine-font-family-monospace)">
          {fitText(c, inner, 11.5)}
        </text>
      ))}
    </g>
  );
}

function UnassignedBoxView({ box }: { box: Rect }) {
  const { t } = useTranslation();
  return (
    <g>
      <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={8} fill="#ffffff" stroke={COLOR.border} strokeWidth={1.2} strokeDasharray="5 4" />
      <text x={box.x + 12} y={box.y + DIAGRAM.boxLines.name} fontSize={13.5} fontWeight={700} fill={COLOR.ink}>
        {t('ledger.diagram.unassigned')}
      </text>
      <text x={box.x + 12} y={box.y + DIAGRAM.boxLines.purpose} fontSize={12} fill={COLOR.dim}>
        {fitText(t('ledger.diagram.unassignedNote'), box.width - 24, 12)}
      </text>
    </g>
  );
}

/** A risk marker: a triangle (danger) or a circle (caution) with "!" and the worst flag as text. */
function RiskMark({ x, y, tone }: { x: number; y: number; tone: 'danger' | 'warning' }) {
  const color = tone === 'danger' ? COLOR.danger : COLOR.warning;
  return (
    <g aria-hidden>
      {tone === 'danger' ? <path d={`M${x + 7} ${y - 11} L${x + 14} ${y + 2} L${x} ${y + 2} z`} fill={color} /> : <circle cx={x + 7} cy={y - 4} r={6.5} fill={color} />}
      <text x={x + 7} y={y + (tone === 'danger' ? 0.5 : -0.5)} fontSize={9.5} fontWeight={700} fill="#ffffff" textAnchor="middle">
        !
      </text>
    </g>
  );
}

/** "Danger: 1, Caution: 3" for a vendor's lines, leaving out a tone with none. */
function groupRisk(t: TFunction, n: ExternalNode): string {
  const parts: string[] = [];
  if (n.dangerCount > 0) parts.push(t('ledger.diagram.dangerCount', { count: n.dangerCount }));
  if (n.warningCount > 0) parts.push(t('ledger.diagram.warningCount', { count: n.warningCount }));
  return parts.join(t('ledger.diagram.separator'));
}

/** A kind label that fits: "RDP (remote desktop)" becomes "RDP" when the whole does not. */
function fitKind(label: string, maxWidth: number, fontSize: number): string {
  if (fitText(label, maxWidth, fontSize, true) === label) return label;
  return fitText(label.replace(/\s*[(\uff08].*[)\uff09]\s*$/, ''), maxWidth, fontSize, true);
}

function ExternalBoxView({ box, node, connection: c }: { box: Rect; node: ExternalNode; connection: TConnection | undefined }) {
  const { t } = useTranslation();
  const inner = box.width - 20;
  const tone = node.tone;
  const toneText = tone === 'danger' ? COLOR.danger : tone === 'warning' ? COLOR.warningText : COLOR.dim;
  let line1: string;
  let line2: string;
  let risk: string;
  let more = '';
  if (node.kind === 'connection' && c) {
    const kind = fitKind(t(`connections.kinds.${c.kind}`), c.status === 'active' ? inner : inner - 60, 12.5);
    line1 = c.status === 'active' ? kind : t('ledger.diagram.kindStatus', { kind, status: t(`connections.status.${c.status}`) });
    line2 = c.vendorName ?? c.name;
    const flags: ConnectionFlag[] = worstFirst(c.flags);
    risk = flags.length === 0 ? t('ledger.diagram.noFlags') : t(`connections.flags.${flags[0]!}`);
    if (tone !== 'none') more = flags.length > 1 ? t('ledger.diagram.riskMore', { tone: t(`ledger.diagram.tone.${tone}`), count: flags.length - 1 }) : t(`ledger.diagram.tone.${tone}`);
  } else {
    line1 = c?.vendorName ?? t('ledger.diagram.noVendor');
    line2 = t('ledger.diagram.vendorLines', { count: node.connectionIds.length });
    risk = tone === 'none' ? t('ledger.diagram.noFlags') : groupRisk(t, node);
  }
  const riskX = tone === 'none' ? box.x + 10 : box.x + 28;
  return (
    <g>
      <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={6} fill="#ffffff" stroke={TONE_STROKE[tone]} strokeWidth={tone === 'danger' ? 2.2 : tone === 'warning' ? 1.8 : 1.2} />
      <text x={box.x + 10} y={box.y + 20} fontSize={12.5} fontWeight={700} fill={COLOR.ink}>
        {fitText(line1, inner, 12.5, true)}
      </text>
      <text x={box.x + 10} y={box.y + 38} fontSize={12} fill={COLOR.text}>
        {fitText(line2, inner, 12)}
      </text>
      {tone === 'none' ? null : <RiskMark x={box.x + 10} y={box.y + 58} tone={tone} />}
      <text x={riskX} y={box.y + 58} fontSize={11.5} fontWeight={tone === 'none' ? 400 : 700} fill={toneText}>
        {fitText(risk, box.x + box.width - 6 - riskX, 11.5, tone !== 'none')}
      </text>
      {more ? (
        <text x={riskX} y={box.y + 75} fontSize={11.5} fill={toneText}>
          {fitText(more, box.x + box.width - 6 - riskX, 11.5)}
        </text>
      ) : null}
    </g>
  );
}

function Legend() {
  const { t } = useTranslation();
  const item = (icon: ReactNode, text: string) => (
    <Group gap={6} wrap="nowrap" component="li">
      <svg width={30} height={16} viewBox="0 0 30 16" aria-hidden style={{ flexShrink: 0 }}>
        {icon}
      </svg>
      <Text size="xs" c="dark.6">
        {text}
      </Text>
    </Group>
  );
  return (
    <Box>
      <Text size="xs" fw={700} c="dark.6" id="diagram-legend">
        {t('ledger.diagram.legend.title')}
      </Text>
      <Group component="ul" aria-labelledby="diagram-legend" gap="md" style={{ listStyle: 'none', padding: 0, margin: 0 }} wrap="wrap">
        {item(<rect x={2} y={2} width={26} height={12} rx={3} fill="#fff" stroke={COLOR.border} />, t('ledger.diagram.legend.segment'))}
        {item(
          <>
            <line x1={2} y1={8} x2={22} y2={8} stroke={COLOR.line} strokeWidth={1.6} />
            <path d="M21 4 L28 8 L21 12 z" fill={COLOR.line} />
          </>,
          t('ledger.diagram.legend.flow'),
        )}
        {item(
          <>
            <line x1={2} y1={8} x2={22} y2={8} stroke={COLOR.none} strokeWidth={1.6} strokeDasharray="5 3" />
            <path d="M21 4 L28 8 L21 12 z" fill={COLOR.none} />
          </>,
          t('ledger.diagram.legend.connection'),
        )}
        {item(
          <>
            <path d="M15 1 L22 14 L8 14 z" fill={COLOR.danger} />
            <text x={15} y={13} fontSize={9} fontWeight={700} fill="#fff" textAnchor="middle">
              !
            </text>
          </>,
          t('ledger.diagram.legend.danger'),
        )}
        {item(
          <>
            <circle cx={15} cy={8} r={6.5} fill={COLOR.warning} />
            <text x={15} y={11.5} fontSize={9} fontWeight={700} fill="#fff" textAnchor="middle">
              !
            </text>
          </>,
          t('ledger.diagram.legend.warning'),
        )}
      </Group>
    </Box>
  );
}
