import { Group, NumberInput, Select, TextInput } from '@mantine/core';
import {
  BENCHMARK_KINDS,
  type BenchmarkKind,
  DEFAULT_BENCHMARK,
  DIAGNOSIS_WINDOW_DAYS,
  isWindowDays,
} from '../../../../src/core/benchmark.ts';
import type { DiagnosisQuery } from './api.ts';

const BENCHMARK_LABELS: Record<BenchmarkKind, string> = {
  team_median: 'Team median',
  org_median: 'Organisation median',
  top_quartile: 'Team top quarter',
};
const BENCHMARKS = BENCHMARK_KINDS.map((value) => ({ value, label: BENCHMARK_LABELS[value] }));

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
        min={DIAGNOSIS_WINDOW_DAYS.min}
        max={DIAGNOSIS_WINDOW_DAYS.max}
        step={30}
        suffix=" days"
        value={value.windowDays ?? DIAGNOSIS_WINDOW_DAYS.default}
        onChange={(v) => {
          const n = typeof v === 'number' ? v : Number(v);
          if (isWindowDays(n)) onChange({ ...value, windowDays: n });
        }}
        w={150}
      />
      <Select
        label="Compare with"
        description="The benchmark"
        data={BENCHMARKS}
        value={value.benchmark ?? DEFAULT_BENCHMARK}
        allowDeselect={false}
        onChange={(v) => {
          const benchmark = BENCHMARK_KINDS.find((k) => k === v);
          if (benchmark) onChange({ ...value, benchmark });
        }}
        w={210}
      />
    </Group>
  );
}
