import type { ReactNode } from 'react';
import { Alert, Anchor, Button } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconPencil, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { ErrorAlert } from './ErrorAlert.tsx';
import { Loading } from './Loading.tsx';
import { PageHeader } from './PageHeader.tsx';

/** The link above a detail page's title back to where the user came from (the list with its filters). */
export function BackLink({ to, className, children }: { to: string; className?: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm" mb="xs" display="inline-flex" className={className} style={{ alignItems: 'center', gap: 4 }}>
      <IconArrowLeft size={14} aria-hidden />
      {children}
    </Anchor>
  );
}

/** A detail page before its record is there: loading, "not found" (404) with its own sentence, or the error. */
export function DetailPending({ back, title, query, notFound }: { back: ReactNode; title: string; query: { isPending: boolean; error: unknown }; notFound: string }) {
  const { t } = useTranslation();
  const { error } = query;
  return (
    <>
      {back}
      <PageHeader title={title} />
      {query.isPending ? <Loading /> : null}
      {error && isApiError(error) && error.status === 404 ? (
        <Alert color="orange" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />} title={t('errors.NOT_FOUND')}>
          {notFound}
        </Alert>
      ) : error ? (
        <ErrorAlert error={error} />
      ) : null}
    </>
  );
}

/** A detail page's edit and delete buttons (for its header's actions). */
export function EditDeleteButtons({ editLabel, deleteLabel, onEdit, onDelete }: { editLabel: string; deleteLabel: string; onEdit: () => void; onDelete: () => void }) {
  return (
    <>
      <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={onEdit}>
        {editLabel}
      </Button>
      <Button variant="outline" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={onDelete}>
        {deleteLabel}
      </Button>
    </>
  );
}
