import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { AnchorLink } from '../../components/PersonLink.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useSignedIn } from '../auth/api.ts';
import { AdherenceCard } from './AdherenceCard.tsx';
import { type SeriesSummary, useMyOneOnOnes } from './api.ts';
import { CalendarFeedCard } from './CalendarFeedCard.tsx';
import { KpiSetCard } from './KpiSetCard.tsx';
import { SeriesStarter } from './SeriesStarter.tsx';
import { CADENCE_WORDS, when } from './words.ts';

function NextCell({ s }: { s: SeriesSummary }) {
  if (!s.next) return <Text c="dimmed">Nothing scheduled</Text>;
  return (
    <Group gap="xs">
      <AnchorLink to="/one-on-ones/meetings/$meetingId" params={{ meetingId: s.next.meetingId }}>
        {when(s.next.startsAt)}
      </AnchorLink>
      {s.next.overdue && (
        <Badge color="orange" variant="light">
          not held yet
        </Badge>
      )}
    </Group>
  );
}

function SeriesTable({ series, who }: { series: SeriesSummary[]; who: 'rep' | 'manager' }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{who === 'rep' ? 'With' : 'Manager'}</Table.Th>
            <Table.Th>Next meeting</Table.Th>
            <Table.Th>Their talking points</Table.Th>
            <Table.Th>Open actions</Table.Th>
            <Table.Th>Cadence</Table.Th>
            <Table.Th>Held</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {series.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td fw={500}>{who === 'rep' ? s.rep.name : s.manager.name}</Table.Td>
              <Table.Td>
                <NextCell s={s} />
              </Table.Td>
              <Table.Td>{s.next?.repItems ? `${s.next.repItems} added` : '—'}</Table.Td>
              <Table.Td>{s.next?.openActions ?? 0}</Table.Td>
              <Table.Td>
                {CADENCE_WORDS[s.cadence]}, {s.durationMinutes} min
              </Table.Td>
              <Table.Td>{s.heldCount}</Table.Td>
              <Table.Td>
                <AnchorLink to="/one-on-ones/series/$seriesId" params={{ seriesId: s.id }} size="sm">
                  History
                </AnchorLink>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Upcoming one-on-ones: those the signed-in person runs, the one they are met in, and the tools around them. */
export function OneOnOnesPage() {
  const me = useSignedIn();
  const mine = useMyOneOnOnes();
  const [starting, setStarting] = useState(false);
  const manages = me.role === 'manager' || me.role === 'leader';
  if (mine.isPending) return <Loading label="Loading your one-on-ones…" />;
  if (mine.isError) return <ErrorState error={mine.error} onRetry={() => mine.refetch()} />;
  const { asManager, asRep } = mine.data;
  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>One-on-ones</Title>
          <Text c="dimmed" size="sm">
            The same conversation every time: the rep’s talking points first, the same KPIs, the plan, and the
            actions until they are done.
          </Text>
        </div>
        {manages && !starting && <Button onClick={() => setStarting(true)}>Start a one-on-one</Button>}
      </Group>
      {starting && <SeriesStarter existing={asManager} onDone={() => setStarting(false)} />}
      {manages && (
        <Card withBorder padding="lg">
          <Title order={3} size="h4" mb="sm">
            With your reports
          </Title>
          {asManager.length === 0 ? (
            <EmptyState title="No one-on-ones yet">
              Start a weekly one-on-one with each person who reports to you: 30 minutes, their agenda first.
            </EmptyState>
          ) : (
            <SeriesTable series={asManager} who="rep" />
          )}
        </Card>
      )}
      {(asRep.length > 0 || me.role === 'rep') && (
        <Card withBorder padding="lg">
          <Title order={3} size="h4" mb="sm">
            With your manager
          </Title>
          {asRep.length === 0 ? (
            <EmptyState title="No one-on-one scheduled">
              Your manager starts the series; ask them for a regular slot. Then add your talking points before
              each meeting — they come first.
            </EmptyState>
          ) : (
            <SeriesTable series={asRep} who="manager" />
          )}
        </Card>
      )}
      {manages && <AdherenceCard managerId={me.id} />}
      {(me.role === 'admin' || me.role === 'leader') && <KpiSetCard />}
      {me.role === 'admin' && asManager.length === 0 && asRep.length === 0 && (
        <Text size="sm" c="dimmed">
          Managers and leaders run one-on-ones with the people who report to them; as an admin you choose the
          KPIs every meeting shows.
        </Text>
      )}
      {(me.role !== 'admin' || asManager.length + asRep.length > 0) && <CalendarFeedCard />}
    </Stack>
  );
}
