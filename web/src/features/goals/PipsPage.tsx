import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import { AnchorLink } from '../../components/PersonLink.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { usePips } from './api.ts';
import { PIP_STATUS_WORDS } from './words.ts';

/** The improvement plans the reader may see: theirs, those below them, or all (admins). */
export function PipsPage() {
  const pips = usePips();
  if (pips.isPending) return <Loading label="Loading improvement plans…" />;
  if (pips.isError) return <ErrorState error={pips.error} onRetry={() => pips.refetch()} />;
  return (
    <Stack gap="lg" maw={1000}>
      <div>
        <Title order={2}>Improvement plans</Title>
        <Text size="sm" c="dimmed">
          Fair, written plans when coaching alone has not closed a gap. Start one from a rep’s page. Only the
          rep, the managers above them and admins see a plan.
        </Text>
      </div>
      <Card withBorder padding="lg">
        {pips.data.pips.length === 0 ? (
          <EmptyState title="No improvement plans">Nobody you can see is on an improvement plan.</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Rep</Table.Th>
                  <Table.Th>Manager</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Runs</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {pips.data.pips.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <AnchorLink to="/pips/$pipId" params={{ pipId: p.id }}>
                        {p.rep.name}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{p.manager.name}</Table.Td>
                    <Table.Td>
                      <Badge variant="light">{PIP_STATUS_WORDS[p.status]}</Badge>
                    </Table.Td>
                    <Table.Td>{p.startOn ? `${p.startOn} to ${p.endOn}` : 'Not started'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Stack>
  );
}
