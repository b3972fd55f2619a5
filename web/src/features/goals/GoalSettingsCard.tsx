import { Alert, Button, Card, Group, NumberInput, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { GoalSettings } from '../../../../src/features/goals/contract.ts';
import { request } from '../../api/client.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { goalKeys } from './api.ts';

/** The organisation's rule for Attainable: the largest stretch from today before the check warns. */
export function GoalSettingsCard() {
  const client = useQueryClient();
  const settings = useQuery({
    queryKey: ['goals', 'settings'] as const,
    queryFn: () => request<GoalSettings>('GET', '/api/goal-settings'),
  });
  const save = useMutation({
    mutationFn: (s: GoalSettings) => request<GoalSettings>('PUT', '/api/goal-settings', s),
    onSuccess: (s) => {
      client.setQueryData(['goals', 'settings'], s);
      void client.invalidateQueries({ queryKey: goalKeys.all });
    },
  });
  const [percent, setPercent] = useState<number | string>('');
  useEffect(() => {
    if (settings.data) setPercent(Math.round(settings.data.maxImprovement * 100));
  }, [settings.data]);
  if (settings.isPending) return <Loading label="Loading goal settings…" />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />;
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h4">
        How goals are checked
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        The SMART check warns when a goal asks for more than this stretch from where the person is today, or
        for more than 9 in 10 of the team reach.
      </Text>
      <Group align="flex-end">
        <NumberInput
          label="Largest stretch (%)"
          w={200}
          min={5}
          max={300}
          step={5}
          value={percent}
          onChange={setPercent}
          error={save.error?.message}
        />
        <Button
          onClick={() => save.mutate({ maxImprovement: Number(percent) / 100 })}
          loading={save.isPending}
          disabled={percent === '' || Number(percent) === Math.round(settings.data.maxImprovement * 100)}
        >
          Save
        </Button>
      </Group>
      {save.isSuccess && (
        <Alert color="teal" mt="sm" p="xs">
          Saved: goals are checked against a {percent}% stretch.
        </Alert>
      )}
    </Card>
  );
}
