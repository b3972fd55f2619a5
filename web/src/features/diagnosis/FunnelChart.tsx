import { Box } from '@mantine/core';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  ErrorBar,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Diagnosis, RepDiagnosis } from './api.ts';
import { benchmarkWho } from './words.ts';

/** The rep's conversion out of each stage with its 90% interval, and the benchmark as a marker. */
export function FunnelChart({ rep, d }: { rep: RepDiagnosis; d: Diagnosis }) {
  const data = rep.assessments
    .filter((a) => a.metric === 'conversion')
    .map((a) => ({
      stage: a.stage,
      rate: a.n > 0 ? a.rate * 100 : null,
      interval: a.n > 0 ? [(a.rate - a.low) * 100, (a.high - a.rate) * 100] : [0, 0],
      benchmark: a.benchmark * 100,
      flag: a.flag,
    }));
  const summary = data
    .map(
      (x) =>
        `${x.stage}: ${x.rate === null ? 'no data' : `${Math.round(x.rate)}%`} vs ${Math.round(x.benchmark)}%`,
    )
    .join('; ');
  return (
    <Box
      role="img"
      aria-label={`Conversion out of each stage for ${rep.name} against ${benchmarkWho(d.benchmark)}: ${summary}`}
    >
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={data} margin={{ top: 10, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="stage" tick={{ fontSize: 12 }} />
          <YAxis
            domain={[0, 100]}
            tickFormatter={(v: number) => `${v}%`}
            width={44}
            tick={{ fontSize: 12 }}
          />
          <Tooltip
            formatter={(value, name) => [
              typeof value === 'number' ? `${Math.round(value)}%` : String(value),
              name === 'rate' ? rep.name : benchmarkWho(d.benchmark),
            ]}
          />
          <Bar
            dataKey="rate"
            name="rate"
            fill="var(--mantine-color-blue-6)"
            isAnimationActive={false}
            barSize={44}
          >
            <ErrorBar
              dataKey="interval"
              width={8}
              stroke="var(--mantine-color-dark-6)"
              strokeWidth={1.5}
              isAnimationActive={false}
            />
          </Bar>
          <Scatter
            dataKey="benchmark"
            name="benchmark"
            fill="var(--mantine-color-orange-7)"
            shape="diamond"
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </Box>
  );
}
