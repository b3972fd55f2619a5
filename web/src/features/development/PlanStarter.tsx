import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { PlanInput } from '../../../../src/features/plans/contract.ts';
import { ApiError } from '../../api/client.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { type ProposedPlan, useProposal, useStartPlan } from './api.ts';
import { ACTION_WORDS, kpiWords } from './words.ts';

/** The proposal, editable: target levels, which actions to keep, the review date; then start it. */
function Editor({ proposal, onDone }: { proposal: ProposedPlan; onDone: () => void }) {
  const start = useStartPlan(proposal.rep.id);
  const [targets, setTargets] = useState(proposal.focus.map((f) => f.targetLevel));
  const [kept, setKept] = useState(proposal.actions.map(() => true));
  const [reviewOn, setReviewOn] = useState(proposal.reviewOn);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const body = PlanInput.safeParse({
      focus: proposal.focus.map(({ impactLow: _, impactHigh: __, ...f }, i) => ({
        ...f,
        targetLevel: targets[i],
      })),
      actions: proposal.actions.filter((_, i) => kept[i]),
      reviewOn,
    });
    if (!body.success) return setError(body.error.issues[0]?.message ?? 'Check the plan.');
    setError(null);
    try {
      await start.mutateAsync(body.data);
      notifications.show({
        message: `${proposal.rep.name}’s plan has started. They will see it on their page.`,
      });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not start the plan.');
    }
  };
  return (
    <Stack>
      {proposal.focus.map((f, i) => (
        <Card key={f.skill} withBorder padding="sm">
          <Text fw={600}>Focus: {f.skill.replace(/-/g, ' ')}</Text>
          <Text size="sm">{kpiWords(f.kpi)}</Text>
          {f.impactHigh > 0 && (
            <Text size="xs" c="dimmed">
              Worth up to about {Math.round(f.impactHigh).toLocaleString('en')} a quarter in won revenue, by
              the diagnosis.
            </Text>
          )}
          <NumberInput
            mt="xs"
            w={220}
            label={`Target level (now ${f.startLevel === null ? 'not rated' : f.startLevel.toFixed(1)})`}
            min={1}
            max={5}
            value={targets[i]}
            onChange={(v) => setTargets(targets.map((t, j) => (j === i ? Number(v) : t)))}
          />
        </Card>
      ))}
      <div>
        <Text fw={600} size="sm">
          Actions
        </Text>
        <Stack gap={6} mt={4}>
          {proposal.actions.map((a, i) => (
            <Checkbox
              key={`${a.skill}-${a.kind}`}
              checked={kept[i]}
              onChange={(e) => setKept(kept.map((k, j) => (j === i ? e.currentTarget.checked : k)))}
              label={`${ACTION_WORDS[a.kind]}: ${a.text}`}
            />
          ))}
        </Stack>
      </div>
      <TextInput
        type="date"
        label="Review on"
        w={220}
        value={reviewOn}
        onChange={(e) => setReviewOn(e.currentTarget.value)}
      />
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group>
        <Button onClick={submit} loading={start.isPending}>
          Start the plan
        </Button>
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}

/** For a rep without an active plan: the manager asks for the proposal, edits it and starts it. */
export function PlanStarter({ repId, repName }: { repId: string; repName: string }) {
  const [open, setOpen] = useState(false);
  const proposal = useProposal(repId, open);
  return (
    <Card withBorder>
      <Stack>
        <div>
          <Title order={3} size="h4">
            No development plan yet
          </Title>
          <Text size="sm" c="dimmed">
            Touchline proposes one or two focus skills from {repName}’s diagnosis and skill profile; you edit
            it and start it together.
          </Text>
        </div>
        {!open && (
          <Button w="fit-content" onClick={() => setOpen(true)}>
            Propose a plan
          </Button>
        )}
        {open && proposal.isPending && <Loading label="Proposing…" />}
        {open && proposal.isError && <ErrorState error={proposal.error} onRetry={() => proposal.refetch()} />}
        {open && proposal.data && proposal.data.focus.length === 0 && (
          <Alert color="gray" title="Nothing to propose yet">
            The diagnosis flags no credible gap, and no skill has been rated below target. Rate {repName}’s
            skills first.
          </Alert>
        )}
        {open && proposal.data && proposal.data.focus.length > 0 && (
          <Editor proposal={proposal.data} onDone={() => setOpen(false)} />
        )}
      </Stack>
    </Card>
  );
}
