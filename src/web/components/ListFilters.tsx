import type { ReactNode } from 'react';
import { Button, Grid, Group, TextInput } from '@mantine/core';
import { IconFileSpreadsheet, IconFileTypeCsv, IconFilterOff, IconSearch } from '@tabler/icons-react';

/** A list page's filter row: a search landmark named `label`, its fields on one grid. */
export function FilterBar({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="search" aria-label={label}>
      <Grid gutter="sm" align="flex-end">
        {children}
      </Grid>
    </div>
  );
}

/** The free-text search field of a list page. */
export function SearchField({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string; onChange: (value: string) => void }) {
  return <TextInput label={label} placeholder={placeholder} leftSection={<IconSearch size={16} aria-hidden />} type="search" value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
}

/** Turns every filter off (disabled while none is on). */
export function ClearFiltersButton({ disabled, onClick, children }: { disabled: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <Button variant="default" fullWidth leftSection={<IconFilterOff size={16} aria-hidden />} disabled={disabled} onClick={onClick}>
      {children}
    </Button>
  );
}

export interface ExportFile {
  href: string;
  label: string;
  /** The icon: a CSV file or a spreadsheet. */
  format: 'csv' | 'xlsx';
}

/** A list's download links as buttons, grouped under one name. */
export function ExportButtons({ label, files }: { label: string; files: ExportFile[] }) {
  return (
    <Group gap="xs" role="group" aria-label={label}>
      {files.map((f) => (
        <Button key={f.href} component="a" variant="default" href={f.href} download leftSection={f.format === 'csv' ? <IconFileTypeCsv size={16} aria-hidden /> : <IconFileSpreadsheet size={16} aria-hidden />}>
          {f.label}
        </Button>
      ))}
    </Group>
  );
}
