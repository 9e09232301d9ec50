import { notifications } from '@mantine/notifications';
import i18n from '../i18n/index.ts';

/** A short toast with a labelled close button. Success by default. */
export function notify(message: string, options: { color?: 'green' | 'red' | 'blue' | 'orange'; title?: string } = {}): void {
  notifications.show({
    color: options.color ?? 'green',
    title: options.title,
    message,
    closeButtonProps: { 'aria-label': i18n.t('common.close') },
  });
}
