import { useState } from 'react';
import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowsDiff, IconChecklist, IconLink, IconPlus, IconSend } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { notify } from '../../components/notify.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SectionCard } from '../../components/SectionCard.tsx';
import { useFormat } from '../../lib/format.ts';
import { useVendorOptions } from '../connections/connections.ts';
import { AssessmentStatusBadge, CountBadges, ProgressCell } from './AssessmentBits.tsx';
import { AssessmentCreateModal } from './AssessmentCreateModal.tsx';
import { AssessmentsUnavailable } from './AssessmentsUnavailable.tsx';
import {
  assessmentPage,
  assessmentPath,
  groupByFiscalYear,
  newestFramework,
  useAssessmentAccess,
  useAssessmentLabels,
  useAssessmentList,
  useAssessmentsChanged,
  useFrameworks,
  type TAssessment,
  type TFramework,
} from './assessments.ts';
import { VendorLinkDialog } from './VendorLinkDialog.tsx';

/** Checklists: the facility's assessments by fiscal year, the first step when there are none, and the vendor sheets. */
export function AssessmentsPage() {
  const { t } = useTranslation();
  const access = useAssessmentAccess();
  const labels = useAssessmentLabels();
  const list = useAssessmentList(access.facilityId, access.view);
  const frameworks = useFrameworks(access.facilityId, access.read);
  const [creating, setCreating] = useState<TFramework | 'new' | null>(null);

  if (!access.facilityId || !access.view) return <AssessmentsUnavailable title={t('assessments.list.title')} />;
  const items = list.data ?? [];
  const starter = newestFramework(frameworks.data ?? [], 'hospital');
  const starterName = starter ? labels.text(starter.title) : '';
  const groups = groupByFiscalYear(items);

  return (
    <>
      <PageHeader
        title={t('assessments.list.title')}
        description={access.vendor ? t('assessments.list.vendorDescription') : t('assessments.list.description')}
        actions={
          access.read ? (
            <>
              {items.length >= 2 ? (
                <Button component={Link} to={assessmentPage.compare()} variant="default" leftSection={<IconArrowsDiff size={16} aria-hidden />}>
                  {t('assessments.list.compare')}
                </Button>
              ) : null}
              {access.manage ? (
                <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating('new')}>
                  {t('assessments.list.create')}
                </Button>
              ) : null}
            </>
          ) : null
        }
      />
      <Stack gap="lg">
        {list.isPending ? <Loading /> : null}
        {list.error ? <ErrorAlert error={list.error} /> : null}
        {list.data && items.length === 0 ? (
          access.vendor ? (
            <EmptyState title={t('assessments.list.empty.vendorTitle')} description={t('assessments.list.empty.vendorDescription')} icon={<IconChecklist size={28} />} />
          ) : (
            <EmptyState
              title={t('assessments.list.empty.title')}
              icon={<IconChecklist size={28} />}
              description={
                <Stack gap={4}>
                  <Text size="sm">{starter ? t('assessments.list.empty.start', { name: starterName }) : t('assessments.list.empty.startGeneric')}</Text>
                  <Text size="sm" c="dimmed">
                    {t('assessments.list.empty.steps')}
                  </Text>
                </Stack>
              }
              action={
                access.manage && starter ? (
                  <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(starter)}>
                    {t('assessments.list.empty.button', { name: starterName })}
                  </Button>
                ) : null
              }
            />
          )
        ) : null}
        {groups.map((g) => (
          <FiscalYearGroup key={g.fiscalYear ?? 'none'} fiscalYear={g.fiscalYear} items={g.items} frameworks={frameworks.data ?? []} />
        ))}
        {access.read && !access.vendor && access.readVendors ? <VendorSheetsSection assessments={items} frameworks={frameworks.data ?? []} /> : null}
      </Stack>
      {creating ? (
        <AssessmentCreateModal
          facilityId={access.facilityId}
          frameworks={(frameworks.data ?? []).filter((f) => f.sheet !== 'vendor')}
          existing={items}
          initial={creating === 'new' ? null : creating}
          onClose={() => setCreating(null)}
        />
      ) : null}
    </>
  );
}

function signoffKey(a: TAssessment): 'assessments.list.signoffBoth' | 'assessments.list.signoffManager' | 'assessments.list.signoffNone' | null {
  if (a.sheet === 'vendor') return null;
  if (a.signoff.manager && a.signoff.executive) return 'assessments.list.signoffBoth';
  if (a.signoff.manager || a.signoff.executive) return 'assessments.list.signoffManager';
  return 'assessments.list.signoffNone';
}

/** One fiscal year's assessments: a table on wide screens, cards on phones. */
function FiscalYearGroup({ fiscalYear, items, frameworks }: { fiscalYear: number | null; items: TAssessment[]; frameworks: TFramework[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useAssessmentLabels();
  const narrow = useMediaQuery('(max-width: 48em)');
  const year = fiscalYear === null ? t('assessments.list.noFiscalYear') : fmt.fiscalYear(fiscalYear);
  const headingId = `fy-${fiscalYear ?? 'none'}`;
  const name = (a: TAssessment) => a.title ?? labels.text(a.frameworkTitle);
  // The edition ("FY2025 edition") rather than the version id ("r7") when the framework names its fiscal year.
  const edition = (a: TAssessment) => {
    const fy = frameworks.find((f) => f.id === a.frameworkId && f.version === a.frameworkVersion)?.fiscalYear;
    return fy !== null && fy !== undefined ? t('assessments.list.editionLabel', { year: fmt.fiscalYear(fy) }) : t('assessments.list.versionLabel', { version: a.frameworkVersion });
  };
  const sheet = (a: TAssessment) => (a.sheet === 'vendor' && a.vendor ? t('assessments.list.vendorSheet', { vendor: a.vendor.name }) : labels.sheet(a.sheet));
  return (
    <section aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId} mb="xs">
        {t('assessments.list.fiscalYearHeading', { year })}
      </Title>
      {narrow ? (
        <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('assessments.list.tableLabel', { year })}>
          {items.map((a) => (
            <Paper component="li" key={a.id} withBorder radius="md" p="sm">
              <Stack gap={6}>
                <Anchor component={Link} to={assessmentPage.one(a.id)} fw={700}>
                  {name(a)}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {sheet(a)} · {edition(a)}
                </Text>
                <Group gap="xs">
                  <AssessmentStatusBadge status={a.status} />
                  <CountBadges gaps={a.progress.gaps} disagreements={a.progress.disagreements} />
                </Group>
                <ProgressCell progress={a.progress} name={name(a)} />
              </Stack>
            </Paper>
          ))}
        </Stack>
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" aria-label={t('assessments.list.tableLabel', { year })}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('assessments.list.columns.framework')}</Table.Th>
                  <Table.Th>{t('assessments.list.columns.sheet')}</Table.Th>
                  <Table.Th>{t('assessments.list.columns.status')}</Table.Th>
                  <Table.Th>{t('assessments.list.columns.progress')}</Table.Th>
                  <Table.Th>{t('assessments.list.columns.gaps')}</Table.Th>
                  <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('assessments.list.columns.signoff')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <Anchor component={Link} to={assessmentPage.one(a.id)} fw={700}>
                        {name(a)}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {edition(a)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{sheet(a)}</Table.Td>
                    <Table.Td>
                      <AssessmentStatusBadge status={a.status} />
                    </Table.Td>
                    <Table.Td>
                      <ProgressCell progress={a.progress} name={name(a)} />
                    </Table.Td>
                    <Table.Td>
                      <CountBadges gaps={a.progress.gaps} disagreements={a.progress.disagreements} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm">{signoffKey(a) ? t(signoffKey(a)!) : ''}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </section>
  );
}

/** The vendor-sheet framework to send: the one the newest hospital sheet names, else the newest vendor sheet. */
function vendorFramework(frameworks: TFramework[]): TFramework | null {
  const hospital = newestFramework(frameworks, 'hospital');
  if (hospital?.vendorSheet) {
    const named = frameworks.filter((f) => f.id === hospital.vendorSheet);
    const sameYear = named.find((f) => f.fiscalYear === hospital.fiscalYear);
    if (sameYear) return sameYear;
    const newest = newestFramework(named, 'vendor');
    if (newest) return newest;
  }
  return newestFramework(frameworks, 'vendor');
}

/** Vendor sheets: each vendor's sheet of the current vendor framework, with 'send to vendor' and the answer links. */
function VendorSheetsSection({ assessments, frameworks }: { assessments: TAssessment[]; frameworks: TFramework[] }) {
  const { t } = useTranslation();
  const labels = useAssessmentLabels();
  const navigate = useNavigate();
  const access = useAssessmentAccess();
  const changed = useAssessmentsChanged();
  const vendors = useVendorOptions(access.facilityId, access.readVendors);
  const [linkFor, setLinkFor] = useState<{ assessmentId: string; vendor: string } | null>(null);
  const vf = vendorFramework(frameworks);
  const send = useMutation({
    mutationFn: (vendor: { id: string; name: string }) =>
      api.post<{ assessment?: TAssessment; id?: string }>(assessmentPath.list(access.facilityId ?? ''), { frameworkId: vf?.id, version: vf?.version, vendorId: vendor.id }),
    onSuccess: (r, vendor) => {
      changed();
      notify(t('assessments.vendorSheets.sent', { vendor: vendor.name }));
      const id = r.assessment?.id ?? r.id;
      if (id && access.manage) setLinkFor({ assessmentId: id, vendor: vendor.name });
    },
  });
  const narrow = useMediaQuery('(max-width: 48em)');
  const sheetOf = (vendorId: string) =>
    vf
      ? assessments
          .filter((a) => a.sheet === 'vendor' && a.vendor?.id === vendorId && a.frameworkId === vf.id && a.frameworkVersion === vf.version)
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]
      : undefined;
  const actionsFor = (v: { id: string; name: string }, sheet: TAssessment | undefined) => (
    <Group gap="xs" wrap="nowrap">
      {sheet ? (
        <>
          <Button size="compact-sm" variant="default" aria-label={t('assessments.vendorSheets.openLabel', { vendor: v.name })} onClick={() => void navigate(assessmentPage.one(sheet.id))}>
            {t('assessments.vendorSheets.open')}
          </Button>
          {access.manage && sheet.status !== 'accepted' ? (
            <Button
              size="compact-sm"
              variant="default"
              leftSection={<IconLink size={14} aria-hidden />}
              aria-label={t('assessments.vendorSheets.linksLabel', { vendor: v.name })}
              onClick={() => setLinkFor({ assessmentId: sheet.id, vendor: v.name })}
            >
              {t('assessments.vendorSheets.links')}
            </Button>
          ) : null}
        </>
      ) : access.manage ? (
        <Button
          size="compact-sm"
          leftSection={<IconSend size={14} aria-hidden />}
          aria-label={t('assessments.vendorSheets.sendLabel', { vendor: v.name })}
          loading={send.isPending && send.variables?.id === v.id}
          onClick={() => send.mutate({ id: v.id, name: v.name })}
        >
          {t('assessments.vendorSheets.send')}
        </Button>
      ) : null}
    </Group>
  );
  // The title names its edition already ("... (FY2025 edition)"): no fiscal year in front of it.
  const fwName = vf ? labels.text(vf.title) : '';
  return (
    <SectionCard id="vendor-sheets" title={t('assessments.vendorSheets.title')} icon={<IconSend size={20} aria-hidden />}>
      {!vf ? (
        <Text size="sm">{t('assessments.vendorSheets.noFramework')}</Text>
      ) : (
        <Stack gap="sm">
          <Text size="sm">{t('assessments.vendorSheets.description', { name: fwName })}</Text>
          {send.error ? <ErrorAlert error={send.error} onClose={() => send.reset()} /> : null}
          {vendors.data && vendors.data.length === 0 ? <Text size="sm">{t('assessments.vendorSheets.noVendors')}</Text> : null}
          {vendors.data && vendors.data.length > 0 ? (
            narrow ? (
              <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('assessments.vendorSheets.tableLabel')}>
                {vendors.data.map((v) => {
                  const sheet = sheetOf(v.id);
                  return (
                    <Paper component="li" key={v.id} withBorder radius="md" p="sm">
                      <Stack gap={6}>
                        <Group justify="space-between" gap="xs" wrap="nowrap">
                          <Text fw={700} size="sm">
                            {v.name}
                          </Text>
                          {sheet ? <AssessmentStatusBadge status={sheet.status} /> : <Text size="sm" c="dimmed">{t('assessments.vendorSheets.notSent')}</Text>}
                        </Group>
                        {sheet ? <ProgressCell progress={sheet.progress} name={v.name} size="sm" /> : null}
                        {actionsFor(v, sheet)}
                      </Stack>
                    </Paper>
                  );
                })}
              </Stack>
            ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" aria-label={t('assessments.vendorSheets.tableLabel')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('assessments.vendorSheets.vendor')}</Table.Th>
                    <Table.Th>{t('assessments.vendorSheets.status')}</Table.Th>
                    <Table.Th>{t('assessments.vendorSheets.progress')}</Table.Th>
                    <Table.Th>{t('common.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {vendors.data.map((v) => {
                    const sheet = sheetOf(v.id);
                    return (
                      <Table.Tr key={v.id}>
                        <Table.Td>{v.name}</Table.Td>
                        <Table.Td>{sheet ? <AssessmentStatusBadge status={sheet.status} /> : <Text size="sm" c="dimmed">{t('assessments.vendorSheets.notSent')}</Text>}</Table.Td>
                        <Table.Td>{sheet ? <ProgressCell progress={sheet.progress} name={v.name} size="sm" /> : null}</Table.Td>
                        <Table.Td>{actionsFor(v, sheet)}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            )
          ) : null}
        </Stack>
      )}
      {linkFor ? <VendorLinkDialog assessmentId={linkFor.assessmentId} vendorName={linkFor.vendor} onClose={() => setLinkFor(null)} /> : null}
    </SectionCard>
  );
}
