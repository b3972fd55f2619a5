import { Alert, Badge, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { ErrorState, Loading } from '../../components/States.tsx';
import { skillName } from '../diagnosis/words.ts';
import { useMeetingPrep } from './api.ts';
import { day, kpiValue, MOVE_COLORS, MOVE_WORDS, when } from './words.ts';

const gapText = (g: { metric: string; stage: string; skill: string }) =>
  `${g.metric === 'conversion' ? `${g.stage} conversion` : 'New opportunities'} (${skillName(g.skill)})`;

/** The manager's five minutes before the meeting: what changed since the last one. */
export function PrepCard({ meetingId, currency }: { meetingId: string; currency: string }) {
  const prep = useMeetingPrep(meetingId, true);
  if (prep.isPending) return <Loading label="Preparing…" />;
  if (prep.isError) return <ErrorState error={prep.error} onRetry={() => prep.refetch()} />;
  const p = prep.data;
  const moved = p.kpiMoves.filter((k) => k.move === 'better' || k.move === 'worse');
  return (
    <Card withBorder padding="lg" data-testid="prep">
      <Title order={3} size="h4">
        Prepare
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {p.lastHeldAt
          ? `What changed since your last meeting (${when(p.lastHeldAt)}).`
          : 'Your first meeting in this series.'}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap="xs">
          <Text fw={600} size="sm">
            KPIs that moved
          </Text>
          {moved.length === 0 ? (
            <Text size="sm" c="dimmed">
              No KPI moved noticeably.
            </Text>
          ) : (
            moved.map((k) => (
              <Group key={k.name} gap="xs">
                <Text size="sm">{k.name}</Text>
                <Text size="sm">
                  {kpiValue(k.previous, k.unit, currency)} → {kpiValue(k.value, k.unit, currency)}
                </Text>
                {k.move && (
                  <Badge size="sm" variant="light" color={MOVE_COLORS[k.move]}>
                    {MOVE_WORDS[k.move]}
                  </Badge>
                )}
              </Group>
            ))
          )}
          <Text fw={600} size="sm" mt="sm">
            Gaps
          </Text>
          {p.newGaps.length === 0 && p.closedGaps.length === 0 ? (
            <Text size="sm" c="dimmed">
              The same gaps as last time.
            </Text>
          ) : (
            <List size="sm">
              {p.newGaps.map((g) => (
                <List.Item key={`n${g.metric}${g.stage}`}>New: {gapText(g)}</List.Item>
              ))}
              {p.closedGaps.map((g) => (
                <List.Item key={`c${g.metric}${g.stage}`}>Closed: {gapText(g)}</List.Item>
              ))}
            </List>
          )}
        </Stack>
        <Stack gap="xs">
          <Text fw={600} size="sm">
            Development plan
          </Text>
          <Alert color={p.plan.status === 'active' ? 'teal' : 'yellow'} p="xs">
            <Text size="sm">{p.plan.detail}</Text>
          </Alert>
          <Text fw={600} size="sm" mt="sm">
            Actions
          </Text>
          <Text size="sm">
            {p.openActions} open
            {p.overdueActions.length > 0 ? `, ${p.overdueActions.length} overdue:` : ''}
          </Text>
          {p.overdueActions.length > 0 && (
            <List size="sm">
              {p.overdueActions.map((a) => (
                <List.Item key={a.id}>
                  {a.text} ({a.owner.name}, due {a.dueOn ? day(a.dueOn) : '—'})
                </List.Item>
              ))}
            </List>
          )}
          <Text fw={600} size="sm" mt="sm">
            {p.rep.name.split(' ')[0]}’s talking points
          </Text>
          {p.repAgenda.length === 0 ? (
            <Text size="sm" c="dimmed">
              None yet.
            </Text>
          ) : (
            <List size="sm">
              {p.repAgenda.map((t) => (
                <List.Item key={t}>{t}</List.Item>
              ))}
            </List>
          )}
        </Stack>
      </SimpleGrid>
    </Card>
  );
}
