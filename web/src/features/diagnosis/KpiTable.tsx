import { Table, Text } from '@mantine/core';
import { KPIS, type KpiId } from '../../../../src/core/kpis.ts';
import type { RepDiagnosis } from './api.ts';
import { money, pct } from './words.ts';

function format(unit: string, value: number | null, currency: string): string {
  if (value === null) return '—';
  switch (unit) {
    case 'fraction':
      return pct(value);
    case 'money':
      return money(value, currency, false);
    case 'days':
      return `${value.toFixed(1)} days`;
    case 'per_week':
      return `${value.toFixed(1)} a week`;
    default:
      return value.toFixed(1);
  }
}

/** Every catalog KPI for the rep over the window, with its formula for the curious. */
export function KpiTable({ rep, currency }: { rep: RepDiagnosis; currency: string }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped verticalSpacing={4}>
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
          {rep.name}’s KPIs over the window (one catalog: the same definitions on every page)
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>KPI</Table.Th>
            <Table.Th ta="right">Value</Table.Th>
            <Table.Th ta="right">Based on</Table.Th>
            <Table.Th>How it is computed</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rep.kpis.map((k) => {
            const def = KPIS[k.kpi as KpiId];
            return (
              <Table.Tr key={`${k.kpi}-${k.key ?? ''}`}>
                <Table.Td>
                  {def?.name ?? k.kpi}
                  {k.key ? `: ${k.key}` : ''}
                </Table.Td>
                <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
                  {format(def?.unit ?? '', k.value, currency)}
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm" c="dimmed">
                    {Math.round(k.n)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {def?.formula}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
