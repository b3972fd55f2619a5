import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { DEFAULT_FUNNEL } from '../../../../src/core/funnel.ts';
import { FunnelUpdate } from '../../../../src/features/crm/contract.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFunnel, useSetFunnel } from './api.ts';

/** The funnel every import is checked against; admins can change it. */
export function FunnelCard() {
  const funnel = useFunnel();
  const setFunnel = useSetFunnel();
  const [editing, setEditing] = useState(false);
  const [stages, setStages] = useState('');
  const [lost, setLost] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (funnel.isPending) return <Loading label="Loading the funnel…" />;
  if (funnel.isError) return <ErrorState error={funnel.error} onRetry={() => funnel.refetch()} />;
  const save = async () => {
    setError(null);
    const parsed = FunnelUpdate.safeParse({
      stages: stages
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      lost: lost.trim() || DEFAULT_FUNNEL.lost,
    });
    if (!parsed.success) {
      setError(parsed.error.issues.map((i) => i.message).join('; '));
      return;
    }
    try {
      await setFunnel.mutateAsync({ ...parsed.data, lost: parsed.data.lost ?? DEFAULT_FUNNEL.lost });
      setEditing(false);
      notifications.show({ color: 'green', message: 'Funnel saved.' });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not save the funnel.');
    }
  };
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Funnel stages
            {funnel.data.pipeline && (
              <Text span c="dimmed" fw={400} inherit>
                {' '}
                · {funnel.data.pipeline}
              </Text>
            )}
          </Title>
          {!editing && (
            <Button
              variant="default"
              size="xs"
              onClick={() => {
                setStages(funnel.data.stages.join(', '));
                setLost(funnel.data.lost);
                setEditing(true);
              }}
            >
              Change stages
            </Button>
          )}
        </Group>
        {!editing ? (
          <Text>
            {funnel.data.stages.join(' → ')}{' '}
            <Text span c="dimmed">
              (lost: {funnel.data.lost})
            </Text>
          </Text>
        ) : (
          <Stack gap="xs">
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label="Stages, in order"
              description="Separate with commas; the last stage is the won stage."
              value={stages}
              onChange={(e) => setStages(e.currentTarget.value)}
            />
            <TextInput
              label="Lost stage"
              value={lost}
              onChange={(e) => setLost(e.currentTarget.value)}
              w={240}
            />
            <Group>
              <Button onClick={save}>Save stages</Button>
              <Button variant="default" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        )}
        <Text size="sm" c="dimmed">
          Rows naming another stage are rejected, unless a stage mapping translates it.
        </Text>
      </Stack>
    </Card>
  );
}
