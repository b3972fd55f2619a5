import { Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { PersonLink } from '../../components/PersonLink.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useSignedIn } from '../auth/api.ts';
import { useGoalRollup } from './api.ts';
import { GoalBuilder } from './GoalBuilder.tsx';
import { GoalCard } from './GoalCard.tsx';
import { GoalSettingsCard } from './GoalSettingsCard.tsx';
import { STATUS_COLORS, STATUS_WORDS } from './words.ts';

/** A manager's goals: the team goals with what rolls up into them, and every rep's goals by status. */
export function GoalsPage() {
  const me = useSignedIn();
  const rollup = useGoalRollup(me.role === 'admin' ? undefined : me.id);
  const [setting, setSetting] = useState(false);
  if (me.role === 'admin')
    return (
      <Stack gap="lg" maw={1100}>
        <Title order={2}>Goals</Title>
        <Text size="sm" c="dimmed">
          Managers and leaders set goals with their people; you decide how they are checked.
        </Text>
        <GoalSettingsCard />
      </Stack>
    );
  if (rollup.isPending) return <Loading label="Loading goals…" />;
  if (rollup.isError) return <ErrorState error={rollup.error} onRetry={() => rollup.refetch()} />;
  const { teamGoals, reps } = rollup.data;
  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Goals</Title>
          <Text size="sm" c="dimmed">
            Progress comes from the CRM data, against the straight line from the baseline to the target.
          </Text>
        </div>
        {!setting && <Button onClick={() => setSetting(true)}>Set a team goal</Button>}
      </Group>
      {setting && (
        <GoalBuilder ownerId={me.id} ownerName={me.name} team parents={[]} onDone={() => setSetting(false)} />
      )}
      <Title order={3} size="h4">
        Team goals
      </Title>
      {teamGoals.length === 0 ? (
        <EmptyState title="No team goals">
          Set one for the whole team; reps’ goals can roll up into it.
        </EmptyState>
      ) : (
        teamGoals.map((g) => (
          <Stack key={g.id} gap="xs">
            <GoalCard goal={g} />
            {g.children.length > 0 && (
              <SimpleGrid cols={{ base: 1, md: 3 }} ml="lg">
                {g.children.map((c) => (
                  <Card key={c.id} withBorder padding="xs">
                    <Group justify="space-between" wrap="nowrap">
                      <Text size="sm">{c.owner.name}</Text>
                      {c.progress.status && (
                        <Badge
                          size="sm"
                          variant="filled"
                          autoContrast
                          color={STATUS_COLORS[c.progress.status]}
                        >
                          {STATUS_WORDS[c.progress.status]}
                        </Badge>
                      )}
                    </Group>
                  </Card>
                ))}
              </SimpleGrid>
            )}
          </Stack>
        ))
      )}
      {me.role === 'leader' && <GoalSettingsCard />}
      <Card withBorder padding="lg">
        <Title order={3} size="h4" mb="sm">
          Reps’ goals
        </Title>
        <Table.ScrollContainer minWidth={520}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rep</Table.Th>
                {(['on_track', 'at_risk', 'off_track', 'done'] as const).map((s) => (
                  <Table.Th key={s} ta="right">
                    {STATUS_WORDS[s]}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {reps.map((r) => (
                <Table.Tr key={r.rep.id}>
                  <Table.Td>
                    <PersonLink id={r.rep.id}>{r.rep.name}</PersonLink>
                  </Table.Td>
                  {(['on_track', 'at_risk', 'off_track', 'done'] as const).map((s) => (
                    <Table.Td key={s} ta="right">
                      {r.counts[s] || '—'}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </Stack>
  );
}
