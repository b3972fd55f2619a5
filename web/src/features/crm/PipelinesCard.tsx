import { Alert, Badge, Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useDiagnosePipeline, usePipelines } from './api.ts';

const pipelineName = (name: string) => name || 'Deals with no pipeline named';

/**
 * The CRM's pipelines, each with its own funnel, and the one the diagnosis reads; an admin moves the
 * diagnosis to another. Shown only when the CRM has more than one pipeline.
 */
export function PipelinesCard() {
  const pipelines = usePipelines();
  const diagnose = useDiagnosePipeline();
  const [error, setError] = useState<string | null>(null);
  if (pipelines.isPending) return <Loading label="Loading the pipelines…" />;
  if (pipelines.isError) return <ErrorState error={pipelines.error} onRetry={() => pipelines.refetch()} />;
  const list = pipelines.data.pipelines;
  if (list.length < 2) return null;
  const choose = async (name: string) => {
    setError(null);
    try {
      await diagnose.mutateAsync(name);
      notifications.show({
        color: 'green',
        message: `The diagnosis now reads ${name ? `“${name}”` : 'the deals with no pipeline named'}.`,
      });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not change the pipeline.');
    }
  };
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={2} size="h4">
          Pipelines
        </Title>
        <Text size="sm" c="dimmed">
          Each pipeline keeps its own stages. The diagnosis, the KPIs, goals and one-on-ones read one
          pipeline; the others’ deals are kept, and counted when their pipeline is chosen.
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Pipeline</Table.Th>
                <Table.Th>Opportunities</Table.Th>
                <Table.Th>Stages</Table.Th>
                <Table.Th>Diagnosis</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((p) => (
                <Table.Tr key={p.name}>
                  <Table.Td>{pipelineName(p.name)}</Table.Td>
                  <Table.Td>{p.opportunities.toLocaleString('en')}</Table.Td>
                  <Table.Td>
                    {p.funnel.stages.join(' → ')}{' '}
                    <Text span c="dimmed" size="sm">
                      (lost: {p.funnel.lost})
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {p.diagnosed ? (
                      <Badge variant="filled" color="teal.9" autoContrast>
                        Diagnosed
                      </Badge>
                    ) : (
                      <Button
                        size="xs"
                        variant="default"
                        loading={diagnose.isPending && diagnose.variables === p.name}
                        disabled={diagnose.isPending}
                        onClick={() => choose(p.name)}
                        aria-label={`Diagnose this pipeline: ${pipelineName(p.name)}`}
                      >
                        Diagnose this pipeline
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Card>
  );
}
