import { Badge, Card, Group, Progress, Stack, Text } from '@mantine/core';
import type { Goal } from './api.ts';
import { goalValue, LETTER_WORDS, STATUS_COLORS, STATUS_WORDS } from './words.ts';

/** A goal's progress: actual against the straight line from baseline to target, and its status. */
export function GoalCard({ goal }: { goal: Goal }) {
  const status = goal.progress.status;
  const covered = goal.progress.covered === null ? 0 : Math.max(0, Math.min(1, goal.progress.covered));
  const warnings = goal.smart.filter((s) => s.status === 'warning');
  return (
    <Card withBorder padding="md" data-testid="goal">
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div>
            <Text fw={600}>{goal.title}</Text>
            <Text size="sm" c="dimmed">
              {goal.kpi
                ? `${goalValue(goal.baseline, goal)} → ${goalValue(goal.target, goal)}`
                : `${goal.outcome} (target ${goalValue(goal.target, goal)})`}{' '}
              · due {goal.dueOn}
            </Text>
          </div>
          {goal.closed ? (
            <Badge color="gray" variant="light">
              Closed
            </Badge>
          ) : status ? (
            <Badge color={STATUS_COLORS[status]} variant="filled" autoContrast>
              {STATUS_WORDS[status]}
            </Badge>
          ) : (
            <Badge color="gray" variant="light">
              No data yet
            </Badge>
          )}
        </Group>
        <Progress
          size="lg"
          value={covered * 100}
          color={status ? STATUS_COLORS[status] : 'gray'}
          aria-label={`${Math.round(covered * 100)}% of the way to the target`}
        />
        <Text size="xs" c="dimmed">
          Now {goalValue(goal.actual, goal)}
          {goal.progress.expected !== null &&
            ` · the straight line says ${goalValue(goal.progress.expected, goal)} by today`}
          {goal.kpi ? ' · from the CRM data' : ' · measured by hand'}
        </Text>
        {warnings.length > 0 && (
          <Text size="xs" c="dimmed">
            SMART: {warnings.map((w) => `${LETTER_WORDS[w.letter]} — ${w.because}`).join(' ')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
