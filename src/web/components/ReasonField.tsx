import { Textarea, type TextareaProps } from '@mantine/core';

/**
 * The reason or comment of a decision (a status change, an approval, a risk acceptance): a growing text area of up to
 * 2,000 characters, as the contracts allow.
 */
export function ReasonField({ value, onChange, ...props }: Omit<TextareaProps, 'value' | 'onChange'> & { value: string; onChange: (value: string) => void }) {
  return <Textarea autosize minRows={3} maxRows={8} maxLength={2000} value={value} onChange={(e) => onChange(e.currentTarget.value)} {...props} />;
}
