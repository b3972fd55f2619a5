import { Badge, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useSkillFramework } from '../development/api.ts';
import { kpiWords, levelText, MASTERY_COLORS, MASTERY_WORDS } from '../development/words.ts';
import { skillName } from '../diagnosis/words.ts';
import type { Meeting } from './api.ts';
import { day, kpiValue, MOVE_COLORS, MOVE_WORDS } from './words.ts';

/** The same KPIs every time: the rep, the change since the last meeting, the team's median. */
export function SnapshotCard({ meeting }: { meeting: Meeting }) {
  const { snapshot } = meeting;
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          KPIs
        </Title>
        <Text size="xs" c="dimmed">
          {snapshot.frozen
            ? `As they stood on ${day(snapshot.asOf)} (kept with the meeting)`
            : `Today, ${day(snapshot.asOf)}`}
        </Text>
      </Group>
      {snapshot.rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No KPIs: {meeting.rep.name} is not a rep with a funnel of their own.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table data-testid="kpi-snapshot">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>KPI</Table.Th>
                <Table.Th ta="right">{meeting.rep.name.split(' ')[0]}</Table.Th>
                <Table.Th>Since last meeting</Table.Th>
                <Table.Th ta="right">Team median</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {snapshot.rows.map((r) => (
                <Table.Tr key={`${r.kpi}-${r.key ?? ''}`}>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td ta="right" fw={500}>
                    {kpiValue(r.value, r.unit, snapshot.currency)}
                  </Table.Td>
                  <Table.Td>
                    {r.move ? (
                      <Text size="sm" c={MOVE_COLORS[r.move]}>
                        {MOVE_WORDS[r.move]}, was {kpiValue(r.previous, r.unit, snapshot.currency)}
                      </Text>
                    ) : (
                      <Text size="xs" c="dimmed">
                        {r.previous === null ? 'first time' : '—'}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{kpiValue(r.team, r.unit, snapshot.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {snapshot.gaps.length > 0 && (
        <Text size="sm" mt="sm">
          Where the funnel breaks:{' '}
          {snapshot.gaps
            .map(
              (g) =>
                `${g.metric === 'conversion' ? `${g.stage} conversion` : 'new opportunities'} (${skillName(g.skill)})`,
            )
            .join('; ')}
        </Text>
      )}
    </Card>
  );
}

/** The plan's focus: level now against target, mastery stage, and the KPI it should move. */
export function DevelopmentCheckIn({ meeting }: { meeting: Meeting }) {
  const plan = meeting.development;
  const framework = useSkillFramework();
  const nameOf = (slug: string) =>
    framework.data?.skills.find((s) => s.slug === slug)?.name ?? skillName(slug);
  if (!plan)
    return (
      <Text size="sm" c="dimmed">
        No active development plan. Start one from {meeting.rep.name.split(' ')[0]}’s page, on the focus the
        diagnosis proposes.
      </Text>
    );
  return (
    <Stack gap="xs">
      <List spacing="xs" size="sm">
        {plan.focus.map((f) => (
          <List.Item key={f.skill}>
            <Group gap="xs">
              <Text size="sm" fw={500}>
                {nameOf(f.skill)}
              </Text>
              <Text size="sm">
                level {levelText(f.currentLevel)} → {f.targetLevel}
              </Text>
              <Badge variant="light" color={MASTERY_COLORS[f.mastery]}>
                {MASTERY_WORDS[f.mastery]}
              </Badge>
            </Group>
            {f.kpi && (
              <Text size="xs" c="dimmed">
                {kpiWords(
                  {
                    metric: f.kpi.metric === 'conversion' ? 'conversion' : 'new_opportunities',
                    stage: f.kpi.stage,
                    from: f.kpi.from,
                    target: f.kpi.target,
                  },
                  f.kpi.now,
                )}
              </Text>
            )}
          </List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed">
        Review on {day(plan.reviewOn)}
        {plan.acknowledged ? '' : ' · not yet acknowledged by the rep'}
      </Text>
    </Stack>
  );
}
