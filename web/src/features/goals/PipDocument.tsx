import { List, Stack, Table, Text, Title } from '@mantine/core';
import type { Pip } from './api.ts';
import {
  EVENT_WORDS,
  goalValue,
  OUTCOME_WORDS,
  PIP_STATUS_WORDS,
  STATUS_WORDS,
  SUPPORT_WORDS,
} from './words.ts';

function snapshotValue(v: number | null, unit: string): string {
  if (v === null) return '—';
  if (unit === 'fraction') return `${Math.round(v * 100)}%`;
  if (unit === 'money')
    return new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(v);
  if (unit === 'days') return `${Math.round(v)} days`;
  return Math.abs(v) >= 10 ? String(Math.round(v)) : v.toFixed(1);
}

/** The whole plan and its history, as read on screen and printed. */
export function PipDocument({ pip }: { pip: Pip }) {
  return (
    <Stack gap="md">
      <div>
        <Title order={2} size="h3">
          Performance improvement plan: {pip.rep.name}
        </Title>
        <Text size="sm" c="dimmed">
          Written by {pip.manager.name} · {PIP_STATUS_WORDS[pip.status]}
          {pip.startOn && ` · ${pip.startOn} to ${pip.endOn}`}
          {pip.reviewer && ` · reviewed by ${pip.reviewer.name}`}
          {pip.outcome && ` · outcome: ${OUTCOME_WORDS[pip.outcome]}`}
        </Text>
      </div>
      <section>
        <Title order={3} size="h5">
          The concern
        </Title>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {pip.concern}
        </Text>
        <List size="sm" mt="xs">
          {pip.examples.map((e) => (
            <List.Item key={`${e.on}${e.text}`}>
              {e.on}: {e.text}
            </List.Item>
          ))}
        </List>
      </section>
      <section>
        <Title order={3} size="h5">
          KPIs when the plan was written ({pip.snapshot.asOf})
        </Title>
        <Table withRowBorders={false} fz="sm" maw={520}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>KPI</Table.Th>
              <Table.Th ta="right">{pip.rep.name.split(' ')[0]}</Table.Th>
              <Table.Th ta="right">Team median</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {pip.snapshot.rows.map((r) => (
              <Table.Tr key={r.name}>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td ta="right">{snapshotValue(r.value, r.unit)}</Table.Td>
                <Table.Td ta="right">{snapshotValue(r.team, r.unit)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>
      <section>
        <Title order={3} size="h5">
          Expectations
        </Title>
        <List size="sm">
          {pip.expectations.map((g) => (
            <List.Item key={g.id}>
              {g.title}: {goalValue(g.baseline, g)} → {goalValue(g.target, g)} by {g.dueOn}; now{' '}
              {goalValue(g.actual, g)}
              {g.progress.status && ` (${STATUS_WORDS[g.progress.status].toLowerCase()})`}
            </List.Item>
          ))}
        </List>
      </section>
      <section>
        <Title order={3} size="h5">
          Support provided
        </Title>
        <List size="sm">
          {pip.support.map((s) => (
            <List.Item key={`${s.kind}${s.text}`}>
              {SUPPORT_WORDS[s.kind]}: {s.text}
            </List.Item>
          ))}
        </List>
      </section>
      <section>
        <Title order={3} size="h5">
          Check-ins
        </Title>
        <Text size="sm">
          Every {pip.checkInEveryDays} days{pip.checkInDates.length > 0 && `: ${pip.checkInDates.join(', ')}`}
          .
        </Text>
        <List size="sm">
          {pip.checkIns.map((c) => (
            <List.Item key={`${c.on}${c.note}`}>
              {c.on} ({c.author}): {c.note}
            </List.Item>
          ))}
        </List>
      </section>
      <section>
        <Title order={3} size="h5">
          Consequences
        </Title>
        <Text size="sm">{pip.consequences}</Text>
      </section>
      <section>
        <Title order={3} size="h5">
          Acknowledgment
        </Title>
        <Text size="sm">
          {pip.acknowledgedAt
            ? `${pip.rep.name} acknowledged receipt on ${pip.acknowledgedAt.slice(0, 10)}. Acknowledging means the plan was received, not that it is agreed.`
            : 'Not yet acknowledged.'}
        </Text>
        {pip.repResponse && (
          <Text size="sm" mt={4}>
            {pip.rep.name.split(' ')[0]}’s response: {pip.repResponse}
          </Text>
        )}
      </section>
      <section>
        <Title order={3} size="h5">
          History
        </Title>
        <Table fz="sm">
          <Table.Tbody>
            {pip.events.map((e) => (
              <Table.Tr key={`${e.at}${e.kind}`}>
                <Table.Td w={170}>{e.at.slice(0, 16).replace('T', ' ')} UTC</Table.Td>
                <Table.Td>{e.actor ?? '—'}</Table.Td>
                <Table.Td>
                  {EVENT_WORDS[e.kind] ?? e.kind}
                  {typeof e.detail.note === 'string' && e.detail.note ? `: ${e.detail.note}` : ''}
                  {typeof e.detail.reason === 'string' ? `: ${e.detail.reason}` : ''}
                  {typeof e.detail.response === 'string' && e.detail.response ? `, with a response` : ''}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>
    </Stack>
  );
}
