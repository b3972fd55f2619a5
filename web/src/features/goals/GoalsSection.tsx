import { Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useSignedIn } from '../auth/api.ts';
import { useGoalRollup, useGoals } from './api.ts';
import { GoalBuilder } from './GoalBuilder.tsx';
import { GoalCard } from './GoalCard.tsx';

/** A rep's goals on their page; their managers set new ones with the SMART check beside them. */
export function GoalsSection({ person }: { person: { id: string; name: string; managerId: string | null } }) {
  const me = useSignedIn();
  const goals = useGoals(person.id);
  const [setting, setSetting] = useState(false);
  const mayset = me.id !== person.id && (me.role === 'manager' || me.role === 'leader');
  const parents = useGoalRollup(mayset && person.managerId ? person.managerId : undefined);
  if (goals.isPending) return <Loading label="Loading goals…" />;
  if (goals.isError) return <ErrorState error={goals.error} onRetry={() => goals.refetch()} />;
  const open = goals.data.goals.filter((g) => !g.pipId);
  const first = person.name.split(' ')[0];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h3">
          Goals
        </Title>
        {mayset && !setting && <Button onClick={() => setSetting(true)}>Set a goal</Button>}
      </Group>
      {setting && (
        <GoalBuilder
          ownerId={person.id}
          ownerName={person.name}
          team={false}
          parents={(parents.data?.teamGoals ?? []).map((g) => ({ id: g.id, title: g.title }))}
          onDone={() => setSetting(false)}
        />
      )}
      {open.length === 0 ? (
        <Text size="sm" c="dimmed">
          {me.id === person.id
            ? 'No goals yet. Your manager sets them with you, on a KPI your plan works on.'
            : `No goals yet. Set one for ${first} on a KPI their development plan works on.`}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {open.map((g) => (
            <GoalCard key={g.id} goal={g} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
