import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { formatDate } from '../../components/format.ts';
import { type Plan, type PlanClose, useAcknowledgePlan, useClosePlan } from './api.ts';
import { ACTION_WORDS, kpiWords, levelText, MASTERY_COLORS, MASTERY_WORDS, OUTCOME_WORDS } from './words.ts';

function CloseModal({ plan, opened, onClose }: { plan: Plan; opened: boolean; onClose: () => void }) {
  const close = useClosePlan();
  const [outcome, setOutcome] = useState<PlanClose['outcome'] | null>(null);
  const [note, setNote] = useState('');
  const [renew, setRenew] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal opened={opened} onClose={onClose} title={`Review ${plan.rep.name}’s plan`}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!outcome) return setError('Choose how the plan went.');
          setError(null);
          try {
            await close.mutateAsync({
              planId: plan.id,
              body: { outcome, renew, ...(note.trim() && { note }) },
            });
            notifications.show({ message: renew ? 'Plan closed and renewed.' : 'Plan closed.' });
            onClose();
          } catch (err) {
            setError(err instanceof ApiError ? err.message : 'Could not close the plan.');
          }
        }}
      >
        <Stack>
          <Select
            label="How did it go?"
            data={Object.entries(OUTCOME_WORDS).map(([value, label]) => ({ value, label }))}
            value={outcome}
            onChange={(v) => setOutcome(v as PlanClose['outcome'] | null)}
            data-autofocus
          />
          <Textarea
            label="Review note"
            description="What changed, with examples"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={3}
          />
          <Checkbox
            label="Renew: start a new plan on the same focus"
            checked={renew}
            onChange={(e) => setRenew(e.currentTarget.checked)}
          />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={close.isPending}>
              Close the plan
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** An active or past plan: focus skills with their progress, actions, review date and its state. */
export function PlanCard({
  plan,
  viewerIsRep,
  canManage,
}: {
  plan: Plan;
  viewerIsRep: boolean;
  canManage: boolean;
}) {
  const acknowledge = useAcknowledgePlan();
  const [closing, closeModal] = useDisclosure(false);
  const today = new Date().toISOString().slice(0, 10);
  const due = plan.status === 'active' && plan.reviewOn <= today;
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3} size="h4">
              {plan.status === 'active' ? 'Development plan' : `Plan of ${formatDate(plan.startedOn)}`}
            </Title>
            <Text size="sm" c="dimmed">
              Started {formatDate(plan.startedOn)}
              {plan.startedBy ? ` by ${plan.startedBy}` : ''} · review on {formatDate(plan.reviewOn)}
              {plan.status === 'closed' && plan.outcome ? ` · ${OUTCOME_WORDS[plan.outcome]}` : ''}
            </Text>
          </div>
          <Group gap="xs">
            {due && <Badge color="grape.9">Review due</Badge>}
            {plan.status === 'active' &&
              (plan.acknowledgedAt ? (
                <Badge color="teal.9" variant="outline">
                  Acknowledged
                </Badge>
              ) : (
                <Badge color="gray" variant="light">
                  Not yet acknowledged
                </Badge>
              ))}
          </Group>
        </Group>
        {plan.focus.map((f) => (
          <Card key={f.skill} withBorder padding="sm" bg="gray.0">
            <Group justify="space-between">
              <Text fw={600}>Focus: {f.skill.replace(/-/g, ' ')}</Text>
              <Badge color={MASTERY_COLORS[f.mastery.stage]}>{MASTERY_WORDS[f.mastery.stage]}</Badge>
            </Group>
            <Text size="sm">
              Level {levelText(f.startLevel)} at the start → {levelText(f.currentLevel)} now; target{' '}
              {f.targetLevel}
            </Text>
            <Text size="sm">{kpiWords(f.kpi, f.kpiNow)}</Text>
            <Text size="xs" c="dimmed">
              {f.mastery.because}
            </Text>
          </Card>
        ))}
        {plan.actions.length > 0 && (
          <List size="sm" spacing={4}>
            {plan.actions.map((a) => (
              <List.Item key={`${a.skill}-${a.kind}-${a.text}`}>
                <Text span fw={600}>
                  {ACTION_WORDS[a.kind]}:
                </Text>{' '}
                {a.text}
              </List.Item>
            ))}
          </List>
        )}
        {plan.reviewNote && <Text size="sm">Review: {plan.reviewNote}</Text>}
        {plan.status === 'active' && (
          <Group>
            {viewerIsRep && !plan.acknowledgedAt && (
              <Button
                loading={acknowledge.isPending}
                onClick={async () => {
                  await acknowledge.mutateAsync(plan.id);
                  notifications.show({ message: 'Thanks: your manager sees that you have read your plan.' });
                }}
              >
                I have read my plan
              </Button>
            )}
            {canManage && (
              <Button variant="outline" onClick={closeModal.open}>
                Review and close
              </Button>
            )}
          </Group>
        )}
        {acknowledge.isError && (
          <Alert color="red" role="alert">
            {acknowledge.error instanceof ApiError
              ? acknowledge.error.message
              : 'Could not acknowledge the plan.'}
          </Alert>
        )}
      </Stack>
      {canManage && <CloseModal plan={plan} opened={closing} onClose={closeModal.close} />}
    </Card>
  );
}
