import { Alert, Anchor, Button, Card, Group, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import dayjs from 'dayjs';
import { useState } from 'react';
import { AnchorLink } from '../../components/PersonLink.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { type Pip, usePip, usePipStep } from './api.ts';
import { PipDocument } from './PipDocument.tsx';
import { PipEditor } from './PipEditor.tsx';
import { OUTCOME_WORDS } from './words.ts';

/** What the reader may do next with the plan, each with its own small form. */
function PipSteps({ pip }: { pip: Pip }) {
  const step = usePipStep(pip.id);
  const [note, setNote] = useState('');
  const [response, setResponse] = useState('');
  const [checkInOn, setCheckInOn] = useState(dayjs().format('YYYY-MM-DD'));
  const [outcome, setOutcome] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const run = (path: string, body?: unknown) =>
    step.mutate({ method: 'POST', path, body }, { onSuccess: () => setNote('') });
  if (editing)
    return (
      <PipEditor
        repName={pip.rep.name}
        initial={pip}
        saving={step.isPending}
        error={step.error}
        onSave={(draft) =>
          step.mutate({ method: 'PUT', path: '', body: draft }, { onSuccess: () => setEditing(false) })
        }
        onCancel={() => setEditing(false)}
      />
    );
  const { can } = pip;
  if (!can.edit && !can.review && !can.acknowledge && !can.manage) return null;
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        {can.edit && (
          <Group>
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit the draft
            </Button>
            <Button onClick={() => run('/submit')} loading={step.isPending}>
              Send for review
            </Button>
          </Group>
        )}
        {can.review && (
          <Stack gap="xs">
            <Title order={3} size="h5">
              Review
            </Title>
            <Textarea
              label="Note to the manager"
              placeholder="What to change, if you send it back"
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              autosize
              minRows={2}
            />
            <Group>
              <Button onClick={() => run('/review', { approve: true, ...(note ? { note } : {}) })}>
                Approve: the plan starts today
              </Button>
              <Button variant="default" onClick={() => run('/review', { approve: false, note })}>
                Send back
              </Button>
            </Group>
          </Stack>
        )}
        {can.acknowledge && (
          <Stack gap="xs">
            <Title order={3} size="h5">
              {pip.acknowledgedAt ? 'Your response' : 'Acknowledge receipt'}
            </Title>
            <Textarea
              label="Your written response (optional)"
              description="Acknowledging means you received the plan, not that you agree with it."
              value={response}
              onChange={(e) => setResponse(e.currentTarget.value)}
              autosize
              minRows={2}
            />
            <Group>
              <Button onClick={() => run('/acknowledge', response ? { response } : {})}>
                {pip.acknowledgedAt ? 'Add my response' : 'I have received this plan'}
              </Button>
            </Group>
          </Stack>
        )}
        {can.manage && (pip.status === 'active' || pip.status === 'extended') && (
          <Stack gap="xs">
            <Title order={3} size="h5">
              Check-in
            </Title>
            <Group align="flex-end">
              <TextInput
                type="date"
                label="On"
                w={160}
                value={checkInOn}
                onChange={(e) => setCheckInOn(e.currentTarget.value)}
              />
              <TextInput
                label="What you saw"
                style={{ flex: 1 }}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
              />
              <Button onClick={() => run('/check-ins', { on: checkInOn, note })} disabled={!note.trim()}>
                Record the check-in
              </Button>
            </Group>
            <Group align="flex-end">
              <Button
                variant="default"
                onClick={() => run('/extend', { days: 14, reason: note || 'More time to show the change' })}
              >
                Extend by two weeks
              </Button>
              <Select
                label="Close with the outcome"
                w={220}
                data={Object.entries(OUTCOME_WORDS).map(([value, label]) => ({ value, label }))}
                value={outcome}
                onChange={setOutcome}
              />
              <Button
                color="gray"
                disabled={!outcome || !note.trim()}
                onClick={() => run('/close', { outcome, note })}
              >
                Close the plan
              </Button>
            </Group>
          </Stack>
        )}
        {can.manage && (pip.status === 'draft' || pip.status === 'in_review') && !can.edit && null}
        {step.isError && (
          <Alert color="red" role="alert">
            {step.error.message}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

export function PipPage() {
  const { pipId } = useParams({ from: '/signed-in/pips/$pipId' });
  const pip = usePip(pipId);
  if (pip.isPending) return <Loading label="Loading the plan…" />;
  if (pip.isError) return <ErrorState error={pip.error} onRetry={() => pip.refetch()} />;
  return (
    <Stack gap="lg" maw={1000}>
      <Group justify="space-between">
        <AnchorLink to="/pips" size="sm">
          ← Improvement plans
        </AnchorLink>
        <Anchor href={`/pips/${pipId}/print`} target="_blank" size="sm">
          Printable version
        </Anchor>
      </Group>
      <PipSteps pip={pip.data} />
      <Card withBorder padding="lg">
        <PipDocument pip={pip.data} />
      </Card>
    </Stack>
  );
}
