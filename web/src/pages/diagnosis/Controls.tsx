import { Group, NumberInput, Select, TextInput } from '@mantine/core';
import type { DiagnosisQuery } from '../../api/endpoints.ts';

const BENCHMARKS = [
  { value: 'team_median', label: 'Team median' },
  { value: 'org_median', label: 'Organisation median' },
  { value: 'top_quartile', label: 'Team top quarter' },
];

/** The window and yardstick of a diagnosis: as-of date, window length, benchmark. */
export function DiagnosisControls({
  value,
  onChange,
}: {
  value: DiagnosisQuery;
  onChange: (next: DiagnosisQuery) => void;
}) {
  return (
    <Group align="flex-end" gap="md" wrap="wrap">
      <TextInput
        type="date"
        label="As of"
        description="The window ends on this day"
        value={value.asOf ?? ''}
        onChange={(e) => onChange({ ...value, asOf: e.currentTarget.value || undefined })}
        w={180}
      />
      <NumberInput
        label="Window"
        description="Days of history"
        min={28}
        max={730}
        step={30}
        suffix=" days"
        value={value.windowDays ?? 180}
        onChange={(v) => {
          const n = typeof v === 'number' ? v : Number(v);
          if (Number.isInteger(n) && n >= 28 && n <= 730) onChange({ ...value, windowDays: n });
        }}
        w={150}
      />
      <Select
        label="Compare with"
        description="The benchmark"
        data={BENCHMARKS}
        value={value.benchmark ?? 'team_median'}
        allowDeselect={false}
        onChange={(v) =>
          onChange({ ...value, benchmark: (v ?? 'team_median') as DiagnosisQuery['benchmark'] })
        }
        w={210}
      />
    </Group>
  );
}
