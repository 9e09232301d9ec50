import type { FormEventHandler, ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert.tsx';

export interface FormFooterProps {
  /** Some field shows an error. */
  hasErrors: boolean;
  /** Said (as an alert) while fields show errors; without it only the fields speak. */
  errorSummary?: string;
  /** The failed request, shown when no field shows an error. */
  error: unknown;
  submitLabel: string;
  loading: boolean;
  onCancel: () => void;
}

/** The end of a form: what went wrong, then cancel and submit. */
export function FormFooter({ hasErrors, errorSummary, error, submitLabel, loading, onCancel }: FormFooterProps) {
  const { t } = useTranslation();
  return (
    <>
      {hasErrors ? (
        errorSummary ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert">
            {errorSummary}
          </Alert>
        ) : null
      ) : error ? (
        <ErrorAlert error={error} />
      ) : null}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={loading}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}

/**
 * A create/edit form in a modal: the title, the required-fields note (or `note`), the fields, the footer.
 * `fullScreenOnPhone` fills a narrow screen (long forms).
 */
export function FormModal({
  title,
  size,
  fullScreenOnPhone = false,
  onClose,
  onSubmit,
  note,
  children,
  ...footer
}: {
  title: string;
  size?: string;
  fullScreenOnPhone?: boolean;
  onClose: () => void;
  onSubmit: FormEventHandler<HTMLFormElement>;
  note?: ReactNode;
  children: ReactNode;
} & Omit<FormFooterProps, 'onCancel'>) {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)');
  return (
    <Modal opened onClose={onClose} title={title} size={size} fullScreen={fullScreenOnPhone ? narrow : undefined} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form noValidate onSubmit={onSubmit}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {note ?? t('common.requiredNote')}
          </Text>
          {children}
          <FormFooter {...footer} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
