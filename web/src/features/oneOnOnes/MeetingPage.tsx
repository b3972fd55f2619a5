import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Link, useParams } from '@tanstack/react-router';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ButtonLink } from '../../components/PersonLink.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { GoalCard } from '../goals/GoalCard.tsx';
import { ActionsCard } from './ActionsCard.tsx';
import { AgendaCard } from './AgendaCard.tsx';
import { type Meeting, useMeeting, useMeetingStep } from './api.ts';
import { NoteEditor } from './NoteEditor.tsx';
import { PrepCard } from './PrepCard.tsx';
import { QuestionsCard } from './QuestionsCard.tsx';
import { DevelopmentCheckIn, SnapshotCard } from './SnapshotCard.tsx';
import { STATUS_WORDS, when } from './words.ts';

/** Hold, skip or move the meeting: the manager who runs the series. */
function MeetingSteps({ meeting }: { meeting: Meeting }) {
  const step = useMeetingStep(meeting.id);
  const [moving, setMoving] = useState(false);
  const [to, setTo] = useState(dayjs(meeting.startsAt).format('YYYY-MM-DDTHH:mm'));
  if (meeting.viewer !== 'manager' || meeting.status !== 'scheduled') return null;
  return (
    <Stack gap="xs">
      <Group>
        <Button
          onClick={() => step.mutate({ step: 'hold' })}
          loading={step.isPending && step.variables?.step === 'hold'}
        >
          Mark as held
        </Button>
        <Button variant="default" onClick={() => setMoving((m) => !m)}>
          Move
        </Button>
        <Button variant="subtle" color="gray" onClick={() => step.mutate({ step: 'skip' })}>
          Skip this one
        </Button>
      </Group>
      {moving && (
        <Group align="flex-end">
          <TextInput
            type="datetime-local"
            label="New time"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
          <Button
            variant="light"
            onClick={() =>
              step.mutate(
                { step: 'reschedule', startsAt: dayjs(to).format() },
                { onSuccess: () => setMoving(false) },
              )
            }
          >
            Move the meeting
          </Button>
        </Group>
      )}
      {step.isError && (
        <Alert color="red" role="alert">
          {step.error.message}
        </Alert>
      )}
    </Stack>
  );
}

/** A one-on-one, usable live: agenda, KPIs, plan, questions, notes and actions on one page. */
export function MeetingPage() {
  const { meetingId } = useParams({ from: '/signed-in/one-on-ones/meetings/$meetingId' });
  const query = useMeeting(meetingId);
  const [prepping, setPrepping] = useState(false);
  if (query.isPending) return <Loading label="Loading the meeting…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  const m = query.data;
  const other = m.viewer === 'rep' ? m.manager.name : m.rep.name;
  const writes = m.viewer !== 'reader';
  return (
    <Stack gap="lg" maw={1200} key={m.id}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Anchor component={Link} to="/one-on-ones" size="sm">
            ← One-on-ones
          </Anchor>
          <Title order={2}>
            {m.viewer === 'reader' ? `${m.manager.name} and ${m.rep.name}` : `One-on-one with ${other}`}
          </Title>
          <Group gap="xs">
            <Text c="dimmed">
              {when(m.startsAt)} · {m.durationMinutes} minutes
            </Text>
            <Badge
              variant="light"
              color={m.status === 'held' ? 'teal' : m.status === 'skipped' ? 'gray' : 'blue'}
            >
              {STATUS_WORDS[m.status]}
            </Badge>
            {m.moved && <Badge variant="outline">moved</Badge>}
          </Group>
        </div>
        <Stack gap="xs" align="flex-end">
          <Group gap="xs">
            {m.previousMeetingId && (
              <ButtonLink
                to="/one-on-ones/meetings/$meetingId"
                params={{ meetingId: m.previousMeetingId }}
                variant="default"
                size="xs"
              >
                Previous
              </ButtonLink>
            )}
            {m.nextMeetingId && (
              <ButtonLink
                to="/one-on-ones/meetings/$meetingId"
                params={{ meetingId: m.nextMeetingId }}
                variant="default"
                size="xs"
              >
                Next
              </ButtonLink>
            )}
            <ButtonLink
              to="/one-on-ones/series/$seriesId"
              params={{ seriesId: m.seriesId }}
              variant="default"
              size="xs"
            >
              History
            </ButtonLink>
            {m.viewer === 'manager' && m.status === 'scheduled' && (
              <Button
                size="xs"
                variant={prepping ? 'filled' : 'light'}
                onClick={() => setPrepping((p) => !p)}
              >
                {prepping ? 'Hide preparation' : 'Prepare'}
              </Button>
            )}
          </Group>
        </Stack>
      </Group>
      <MeetingSteps meeting={m} />
      {prepping && <PrepCard meetingId={m.id} currency={m.snapshot.currency} />}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <div>
          <Stack gap="lg">
            <AgendaCard meeting={m} />
            <SnapshotCard meeting={m} />
            {m.goals.length > 0 && (
              <Card withBorder padding="lg">
                <Title order={3} size="h4" mb="xs">
                  Goals
                </Title>
                <Stack gap="xs">
                  {m.goals.map((g) => (
                    <GoalCard key={g.id} goal={g} />
                  ))}
                </Stack>
              </Card>
            )}
            <Card withBorder padding="lg">
              <Title order={3} size="h4" mb="xs">
                Development check-in
              </Title>
              <DevelopmentCheckIn meeting={m} />
              <div style={{ marginTop: 12 }}>
                <NoteEditor
                  meetingId={m.id}
                  kind="check_in"
                  note={m.notes.checkIn}
                  label="Progress on the plan"
                  placeholder="What was practised, what happened, what is next"
                  readOnly={!writes}
                />
              </div>
            </Card>
          </Stack>
        </div>
        <div>
          <Stack gap="lg">
            {m.viewer === 'manager' && m.questions.length > 0 && <QuestionsCard meeting={m} />}
            <Card withBorder padding="lg">
              <Stack gap="md">
                <NoteEditor
                  meetingId={m.id}
                  kind="shared"
                  note={m.notes.shared}
                  label="Shared notes"
                  description={`${m.rep.name} and ${m.manager.name} both see these.`}
                  placeholder="What you talked about and agreed"
                  readOnly={!writes}
                />
                {m.privateNote && (
                  <NoteEditor
                    meetingId={m.id}
                    kind="private"
                    note={m.privateNote}
                    label="Private note"
                    description={`Only you and the managers above you see this — never ${m.rep.name.split(' ')[0]}.`}
                    placeholder="Your own observations for next time"
                    readOnly={m.viewer !== 'manager'}
                  />
                )}
              </Stack>
            </Card>
            <ActionsCard meeting={m} />
          </Stack>
        </div>
      </SimpleGrid>
    </Stack>
  );
}
