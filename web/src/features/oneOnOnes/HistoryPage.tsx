import { Anchor, Badge, Card, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { AnchorLink } from '../../components/PersonLink.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useSignedIn } from '../auth/api.ts';
import { useMeetingHistory } from './api.ts';
import { SeriesSettings } from './SeriesSettings.tsx';
import { CADENCE_WORDS, kpiValue, STATUS_WORDS, when } from './words.ts';

/** Every past meeting of a series, newest first, searchable by what was said. */
export function HistoryPage() {
  const { seriesId } = useParams({ from: '/signed-in/one-on-ones/series/$seriesId' });
  const me = useSignedIn();
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q.trim(), 300);
  const history = useMeetingHistory(seriesId, search);
  if (history.isPending) return <Loading label="Loading past meetings…" />;
  if (history.isError) return <ErrorState error={history.error} onRetry={() => history.refetch()} />;
  const { series, meetings } = history.data;
  return (
    <Stack gap="lg" maw={1000}>
      <div>
        <Anchor component={Link} to="/one-on-ones" size="sm">
          ← One-on-ones
        </Anchor>
        <Title order={2}>
          {series.manager.name} and {series.rep.name}
        </Title>
        <Text c="dimmed">
          {CADENCE_WORDS[series.cadence]}, {series.durationMinutes} minutes · {series.heldCount} held
        </Text>
      </div>
      {series.active && series.manager.id === me.id && <SeriesSettings series={series} />}
      <TextInput
        label="Search past meetings"
        placeholder="A deal, a skill, a word from the notes"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        maw={420}
      />
      {meetings.length === 0 ? (
        <EmptyState title={search ? 'Nothing found' : 'No past meetings yet'}>
          {search
            ? `No past meeting mentions “${search}”.`
            : 'Meetings appear here once they are held or skipped.'}
        </EmptyState>
      ) : (
        meetings.map((m) => (
          <Card key={m.id} withBorder padding="lg">
            <Group justify="space-between" mb="xs">
              <AnchorLink to="/one-on-ones/meetings/$meetingId" params={{ meetingId: m.id }} fw={600}>
                {when(m.startsAt)}
              </AnchorLink>
              <Badge variant="light" color={m.status === 'held' ? 'teal' : 'gray'}>
                {STATUS_WORDS[m.status]}
              </Badge>
            </Group>
            {m.agenda.length > 0 && (
              <List size="sm" mb="xs">
                {m.agenda.map((a) => (
                  <List.Item key={a.id}>
                    {a.text}{' '}
                    <Text span size="xs" c="dimmed">
                      ({a.author})
                    </Text>
                  </List.Item>
                ))}
              </List>
            )}
            {m.notes.shared.text && (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} mb="xs">
                {m.notes.shared.text}
              </Text>
            )}
            {m.privateNote?.text && (
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }} mb="xs">
                Private: {m.privateNote.text}
              </Text>
            )}
            {m.actions.filter((a) => !a.carriedOver).length > 0 && (
              <Text size="sm" mb="xs">
                Agreed:{' '}
                {m.actions
                  .filter((a) => !a.carriedOver)
                  .map((a) => `${a.text} (${a.owner.name}${a.doneAt ? ', done' : ''})`)
                  .join('; ')}
              </Text>
            )}
            {m.snapshot.frozen && (
              <Text size="xs" c="dimmed">
                {m.snapshot.rows
                  .filter((r) => r.value !== null)
                  .slice(0, 5)
                  .map((r) => `${r.name} ${kpiValue(r.value, r.unit, m.snapshot.currency)}`)
                  .join(' · ')}
              </Text>
            )}
          </Card>
        ))
      )}
    </Stack>
  );
}
