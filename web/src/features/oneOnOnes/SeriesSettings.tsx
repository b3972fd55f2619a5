import { Alert, Button, Card, Group, NumberInput, Select, Text, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { CADENCES } from '../../../../src/core/cadence.ts';
import { MEETING_MINUTES } from '../../../../src/features/oneOnOnes/contract.ts';
import { type SeriesSummary, useUpdateSeries } from './api.ts';
import { CADENCE_WORDS } from './words.ts';

/** The manager changes the cadence or length from the next meeting on, or ends the series. */
export function SeriesSettings({ series }: { series: SeriesSummary }) {
  const update = useUpdateSeries(series.id);
  const navigate = useNavigate();
  const [cadence, setCadence] = useState(series.cadence);
  const [minutes, setMinutes] = useState(series.durationMinutes);
  const [ending, setEnding] = useState(false);
  const changed = cadence !== series.cadence || minutes !== series.durationMinutes;
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h4" mb="xs">
        Series
      </Title>
      <Group align="flex-end">
        <Select
          label="How often"
          data={CADENCES.map((c) => ({ value: c, label: CADENCE_WORDS[c] }))}
          value={cadence}
          onChange={(v) => v && setCadence(v as typeof cadence)}
          allowDeselect={false}
          w={200}
        />
        <NumberInput
          label="Minutes"
          min={MEETING_MINUTES.min}
          max={MEETING_MINUTES.max}
          step={5}
          value={minutes}
          onChange={(v) => setMinutes(Number(v) || series.durationMinutes)}
          w={120}
        />
        <Button
          disabled={!changed}
          loading={update.isPending && !ending}
          onClick={() =>
            update.mutate({
              ...(cadence !== series.cadence ? { cadence } : {}),
              ...(minutes !== series.durationMinutes ? { durationMinutes: minutes } : {}),
            })
          }
        >
          Save from the next meeting
        </Button>
        {!ending ? (
          <Button variant="subtle" color="red" onClick={() => setEnding(true)}>
            End this series
          </Button>
        ) : (
          <Group gap="xs">
            <Text size="sm">End the one-on-ones with {series.rep.name}? Past meetings stay.</Text>
            <Button
              color="red"
              loading={update.isPending}
              onClick={() =>
                update.mutate({ active: false }, { onSuccess: () => void navigate({ to: '/one-on-ones' }) })
              }
            >
              End it
            </Button>
            <Button variant="default" onClick={() => setEnding(false)}>
              Keep it
            </Button>
          </Group>
        )}
      </Group>
      {update.isError && (
        <Alert color="red" mt="sm" role="alert">
          {update.error.message}
        </Alert>
      )}
    </Card>
  );
}
