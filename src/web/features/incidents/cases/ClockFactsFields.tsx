import { Checkbox, Collapse, Fieldset, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FactsDraft } from './cases.ts';

/**
 * The facts the legal deadlines are computed from, asked as plain questions (patient data leaked, how many people,
 * unauthorised access, care disrupted, a crime, cyber insurance with its reporting limit). Used by the new-case form
 * and when a case is opened from a report.
 */
export function ClockFactsFields({
  value,
  onChange,
  errors = {},
  disabled = false,
}: {
  value: FactsDraft;
  onChange: (next: FactsDraft) => void;
  errors?: Partial<Record<'affectedCount' | 'insurerHours', string>>;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const set = <K extends keyof FactsDraft>(k: K, v: FactsDraft[K]) => onChange({ ...value, [k]: v });
  const check = (k: 'personalData' | 'unauthorizedAccess' | 'careDisrupted' | 'crimeSuspected' | 'insured') => (
    <Checkbox
      label={t(`incidentCases.facts.${k}`)}
      description={t(`incidentCases.facts.${k}Help`)}
      checked={value[k]}
      disabled={disabled}
      onChange={(e) => set(k, e.currentTarget.checked)}
    />
  );
  return (
    <Fieldset legend={t('incidentCases.facts.legend')} variant="filled" radius="md">
      <Stack gap="sm">
        <Text size="sm">{t('incidentCases.facts.intro')}</Text>
        {check('personalData')}
        <TextInput
          id="case-affected-count"
          label={t('incidentCases.facts.affectedCount')}
          description={t('incidentCases.facts.affectedCountHelp')}
          inputMode="numeric"
          value={value.affectedCount}
          disabled={disabled}
          onChange={(e) => set('affectedCount', e.currentTarget.value)}
          error={errors.affectedCount}
          styles={{ wrapper: { maxWidth: 200 } }}
        />
        {check('unauthorizedAccess')}
        {check('careDisrupted')}
        {check('crimeSuspected')}
        {check('insured')}
        <Collapse in={value.insured}>
          <TextInput
            id="case-insurer-hours"
            label={t('incidentCases.facts.insurerHours')}
            description={t('incidentCases.facts.insurerHoursHelp')}
            inputMode="numeric"
            value={value.insurerHours}
            disabled={disabled || !value.insured}
            onChange={(e) => set('insurerHours', e.currentTarget.value)}
            error={errors.insurerHours}
            required={value.insured}
            styles={{ wrapper: { maxWidth: 200 } }}
            pl="xl"
          />
        </Collapse>
      </Stack>
    </Fieldset>
  );
}
