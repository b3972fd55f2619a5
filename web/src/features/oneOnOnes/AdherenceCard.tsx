import { Card, Group, Progress, Table, Text, Title } from '@mantine/core';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useAdherence } from './api.ts';
import { day } from './words.ts';

/** Do the one-on-ones happen? Held against scheduled, per manager, over the last quarter. */
export function AdherenceCard({ managerId }: { managerId: string }) {
  const adherence = useAdherence(managerId);
  if (adherence.isPending) return <Loading label="Counting meetings held…" />;
  if (adherence.isError) return <ErrorState error={adherence.error} onRetry={() => adherence.refetch()} />;
  const { managers, from, to } = adherence.data;
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h4">
        Meetings held
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Held against scheduled by each series’ cadence, {day(from)} to {day(to)}. A skipped meeting counts as
        not held.
      </Text>
      <Table.ScrollContainer minWidth={480}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Manager</Table.Th>
              <Table.Th>Series</Table.Th>
              <Table.Th>Held / scheduled</Table.Th>
              <Table.Th w="35%">Adherence</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {managers.map((m) => (
              <Table.Tr key={m.manager.id}>
                <Table.Td>{m.manager.name}</Table.Td>
                <Table.Td>{m.series}</Table.Td>
                <Table.Td>
                  {m.held} / {m.scheduled}
                </Table.Td>
                <Table.Td>
                  {m.rate === null ? (
                    <Text size="sm" c="dimmed">
                      No one-on-ones scheduled
                    </Text>
                  ) : (
                    <Group gap="sm" wrap="nowrap">
                      <Progress
                        style={{ flex: 1 }}
                        value={m.rate * 100}
                        color={m.rate >= 0.9 ? 'teal' : m.rate >= 0.7 ? 'yellow' : 'red'}
                        aria-label={`${Math.round(m.rate * 100)}% of scheduled one-on-ones held`}
                      />
                      <Text size="sm" w={40} ta="right">
                        {Math.round(m.rate * 100)}%
                      </Text>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
