import { Select } from '@mantine/core';
import { IconBuildingHospital } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session/SessionContext.tsx';

/** Which facility the screens show. Remembered on this browser. */
export function FacilitySwitcher({ w }: { w?: number | string }) {
  const { t } = useTranslation();
  const { facilityOptions, currentFacility, setCurrentFacilityId } = useSession();
  if (facilityOptions.length === 0) return null;
  return (
    <Select
      aria-label={t('shell.facilitySwitcher.label')}
      data={facilityOptions.map((f) => ({ value: f.id, label: f.name }))}
      value={currentFacility?.id ?? null}
      onChange={(v) => v && setCurrentFacilityId(v)}
      allowDeselect={false}
      searchable={facilityOptions.length > 8}
      nothingFoundMessage={t('common.nothingFound')}
      leftSection={<IconBuildingHospital size={16} aria-hidden />}
      w={w}
      comboboxProps={{ withinPortal: true }}
      data-testid="facility-switcher"
    />
  );
}
