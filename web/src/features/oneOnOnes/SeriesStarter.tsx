import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import dayjs from 'dayjs';
import { useState } from 'react';
import { CADENCES, DEFAULT_MEETING_MINUTES } from '../../../../src/core/cadence.ts';
import { MEETING_MINUTES } from '../../../../src/features/oneOnOnes/contract.ts';
import { ApiError } from '../../api/client.ts';
import { useSignedIn } from '../auth/api.ts';
import { usePeople } from '../people/api.ts';
import { type SeriesSummary, useStartSeries } from './api.ts';
import { CADENCE_WORDS } from './words.ts';

/** Next Monday at 09:00, in the viewer's zone, as a `datetime-local` value. */
const nextMonday = () => {
  const d = dayjs().add(1, 'week').startOf('week').add(1, 'day').hour(9).minute(0);
  return d.format('YYYY-MM-DDTHH:mm');
};

/** Starting a series with someone below the manager who has none yet. */
export function SeriesStarter({ existing, onDone }: { existing: SeriesSummary[]; onDone: () => void }) {
  const me = useSignedIn();
  const people = usePeople();
  const start = useStartSeries();
  const [personId, setPersonId] = useState<string | null>(null);
  const [firstAt, setFirstAt] = useState(nextMonday());
  const [cadence, setCadence] = useState<(typeof CADENCES)[number]>('weekly');
  const [minutes, setMinutes] = useState<number>(DEFAULT_MEETING_MINUTES);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const taken = new Set(existing.map((s) => s.rep.id));
  const everyone = people.data?.people ?? [];
  // Only people below the manager in the reporting line (a leader's list holds everyone).
  const below = new Set<string>([me.id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of everyone)
      if (p.managerId && below.has(p.managerId) && !below.has(p.id)) {
        below.add(p.id);
        grew = true;
      }
  }
  const options = everyone
    .filter((p) => p.id !== me.id && below.has(p.id) && p.active && !taken.has(p.id))
    .map((p) => ({ value: p.id, label: p.name }));
  const errors = start.error instanceof ApiError ? start.error.fieldErrors() : {};
  const submit = () => {
    if (!personId) return;
    start.mutate(
      {
        personId,
        input: {
          cadence,
          firstAt: dayjs(firstAt).format(),
          durationMinutes: minutes,
          timeZone: zone,
        },
      },
      { onSuccess: onDone },
    );
  };
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h4" mb="xs">
        Start a one-on-one
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Weekly for about 30 minutes works best for most reps. You can move or skip a single meeting later
        without changing the series.
      </Text>
      <Stack gap="sm" maw={520}>
        <Select
          label="With"
          placeholder={people.isPending ? 'Loading your people…' : 'Choose a person who reports to you'}
          data={options}
          value={personId}
          onChange={setPersonId}
          searchable
          nothingFoundMessage="Everyone who reports to you already has a one-on-one"
          error={errors.personId}
        />
        <TextInput
          type="datetime-local"
          label="First meeting"
          description={`Your time zone: ${zone}. The series keeps this time of day.`}
          value={firstAt}
          onChange={(e) => setFirstAt(e.currentTarget.value)}
          error={errors.firstAt}
        />
        <Group grow>
          <Select
            label="How often"
            data={CADENCES.map((c) => ({ value: c, label: CADENCE_WORDS[c] }))}
            value={cadence}
            onChange={(v) => v && setCadence(v as typeof cadence)}
            allowDeselect={false}
          />
          <NumberInput
            label="Minutes"
            min={MEETING_MINUTES.min}
            max={MEETING_MINUTES.max}
            step={5}
            value={minutes}
            onChange={(v) => setMinutes(Number(v) || DEFAULT_MEETING_MINUTES)}
            error={errors.durationMinutes}
          />
        </Group>
        {start.isError && !Object.keys(errors).length && (
          <Alert color="red" role="alert">
            {start.error.message}
          </Alert>
        )}
        <Group>
          <Button onClick={submit} loading={start.isPending} disabled={!personId}>
            Start the series
          </Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
