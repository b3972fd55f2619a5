import { Box, Group, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useMemo, useState } from 'react';
import { PersonLink } from '../../components/PersonLink.tsx';
import type { Assessment, Diagnosis, RepDiagnosis } from './api.ts';
import { benchmarkWho, intervalText, money, pct, rateText } from './words.ts';

/** Column keys: a stage (conversion out of it) or volume. */
const VOLUME = '__volume__';
type SortKey = 'name' | 'impact' | string;

function cellOf(rep: RepDiagnosis, column: string): Assessment | undefined {
  return rep.assessments.find((a) =>
    column === VOLUME ? a.metric === 'new_opportunities' : a.metric === 'conversion' && a.stage === column,
  );
}

/** Background by how far the rep sits from the benchmark; flags are also marked with a symbol. */
function shade(a: Assessment | undefined): string {
  if (!a || a.n === 0 || a.benchmark <= 0) return 'var(--mantine-color-gray-0)';
  const r = a.rate / a.benchmark;
  if (r < 0.75) return 'var(--mantine-color-red-2)';
  if (r < 0.9) return 'var(--mantine-color-red-0)';
  if (r > 1.25) return 'var(--mantine-color-green-2)';
  if (r > 1.1) return 'var(--mantine-color-green-0)';
  return 'var(--mantine-color-gray-0)';
}

/**
 * One rep × metric cell. No assessment: a ramping rep's volume is not judged yet, and a metric no
 * other rep has data for has nothing to be judged against.
 */
function Cell({ a, d, ramping }: { a: Assessment | undefined; d: Diagnosis; ramping: boolean }) {
  if (!a)
    return (
      <Table.Td ta="center" c="dimmed">
        <Text size="xs">{ramping ? 'ramping' : 'no one to compare with'}</Text>
      </Table.Td>
    );
  if (a.n === 0)
    return (
      <Table.Td ta="center" c="dimmed">
        —
      </Table.Td>
    );
  const flag = a.flag === 'gap' ? '▼ gap' : a.flag === 'strength' ? '▲ strength' : '';
  const label =
    `${rateText(a)}${a.metric === 'new_opportunities' ? ' a week' : ''}; 90% interval ${intervalText(a)}; ` +
    `${benchmarkWho(d.benchmark)} ${rateText({ ...a, rate: a.benchmark })}; n = ${Math.round(a.n)}` +
    `${a.metric === 'new_opportunities' ? ' weeks' : ' resolved'}; chance below ${pct(a.probabilityBelow)}` +
    (a.flag === 'gap' ? `; worth about ${money(a.impact, d.currency)} a quarter` : '');
  return (
    <Table.Td
      ta="center"
      style={{
        background: shade(a),
        outline: a.flag === 'gap' ? '2px solid var(--mantine-color-red-8)' : undefined,
        outlineOffset: -3,
      }}
    >
      <Tooltip label={label} multiline w={260} withArrow events={{ hover: true, focus: true, touch: true }}>
        <Box tabIndex={0} aria-label={`${flag ? `${flag}: ` : ''}${label}`} style={{ cursor: 'help' }}>
          <Text size="sm" fw={a.flag ? 700 : 400}>
            {rateText(a)}
          </Text>
          {flag && (
            <Text size="xs" c="dark.9" fw={700}>
              {flag}
            </Text>
          )}
        </Box>
      </Tooltip>
    </Table.Td>
  );
}

/** Reps × stages: each cell the rep's conversion against the benchmark; sortable by any column. */
export function HeatMap({ d }: { d: Diagnosis }) {
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: 'impact', asc: false });
  const columns = [...d.stages, VOLUME];
  const rows = useMemo(() => {
    const value = (r: RepDiagnosis): number | string => {
      if (sort.key === 'name') return r.name;
      if (sort.key === 'impact') return r.gaps[0]?.impact ?? 0;
      const a = cellOf(r, sort.key);
      return a && a.n > 0 && a.benchmark > 0 ? a.rate / a.benchmark : Number.POSITIVE_INFINITY;
    };
    const list = [...d.reps].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      return typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : Number(x) - Number(y);
    });
    return sort.asc ? list : list.reverse();
  }, [d.reps, sort]);
  const onSort = (key: SortKey) => setSort((s) => ({ key, asc: s.key === key ? !s.asc : key !== 'impact' }));
  const header = (key: SortKey, label: string, hint?: string) => {
    const active = sort.key === key;
    return (
      <Table.Th
        key={key}
        ta={key === 'name' ? 'left' : 'center'}
        aria-sort={active ? (sort.asc ? 'ascending' : 'descending') : 'none'}
      >
        <UnstyledButton onClick={() => onSort(key)} fw={600} fz="sm" title={hint}>
          {label} {active ? (sort.asc ? '▲' : '▼') : ''}
        </UnstyledButton>
      </Table.Th>
    );
  };
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table verticalSpacing={6} withTableBorder withColumnBorders>
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
          Conversion out of each stage, and new opportunities a week, against {benchmarkWho(d.benchmark)}.
          Hover or focus a cell for its interval and sample size.
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {header('name', 'Rep')}
            {columns.map((c) =>
              c === VOLUME
                ? header(c, 'New opps / week', 'Sort by new opportunities against the benchmark')
                : header(c, `${c} →`, `Sort by ${c} conversion against the benchmark`),
            )}
            {header('impact', 'Top gap worth', 'Sort by the revenue a quarter of each rep’s top gap')}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <PersonLink id={r.id} fw={600}>
                    {r.name}
                  </PersonLink>
                  {r.ramping && (
                    <Text size="xs" c="teal.9">
                      ramping
                    </Text>
                  )}
                </Group>
              </Table.Td>
              {columns.map((c) => (
                <Cell key={c} a={cellOf(r, c)} d={d} ramping={r.ramping && c === VOLUME} />
              ))}
              <Table.Td ta="right">
                {r.gaps[0] ? (
                  <Text size="sm" fw={600}>
                    {money(r.gaps[0].impact, d.currency)}
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    no gap
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
