import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { type GoalInput, useFunnelStages, useGoalCheck, useKpiCatalog, useSetGoal } from './api.ts';
import { LETTER_WORDS } from './words.ts';

const day = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD');

/**
 * Setting a goal with the SMART check beside it, live: each letter passes or warns as the fields
 * change (the server judges it against the data: baseline, the team's range, the plan's focus).
 */
export function GoalBuilder({
  ownerId,
  ownerName,
  team,
  parents,
  onDone,
}: {
  ownerId: string;
  ownerName: string;
  team: boolean;
  /** Team goals this one may roll up into. */
  parents: { id: string; title: string }[];
  onDone: () => void;
}) {
  const catalog = useKpiCatalog();
  const funnel = useFunnelStages();
  const save = useSetGoal(ownerId);
  const [kind, setKind] = useState<'kpi' | 'outcome'>('kpi');
  const [title, setTitle] = useState('');
  const [kpi, setKpi] = useState<string | null>('new_opportunities');
  const [stage, setStage] = useState<string | null>(null);
  const [outcome, setOutcome] = useState('');
  const [unit, setUnit] = useState('');
  const [target, setTarget] = useState<number | string>('');
  const [dueOn, setDueOn] = useState(day(dayjs().add(90, 'day')));
  const [checkIns, setCheckIns] = useState<string[]>([
    day(dayjs().add(30, 'day')),
    day(dayjs().add(60, 'day')),
  ]);
  const [parentId, setParentId] = useState<string | null>(null);
  const def = catalog.data?.kpis.find((k) => k.id === kpi);
  const percent = kind === 'kpi' && def?.unit === 'fraction';
  const draft: GoalInput | null = useMemo(() => {
    if (target === '' || Number.isNaN(Number(target))) return null;
    return {
      title: title.trim() || 'Draft',
      kpi: kind === 'kpi' ? ((kpi ?? null) as GoalInput['kpi']) : null,
      kpiKey: kind === 'kpi' && def?.per ? stage : null,
      outcome: kind === 'outcome' ? outcome : null,
      unit: kind === 'outcome' ? unit : null,
      target: percent ? Number(target) / 100 : Number(target),
      dueOn,
      checkIns: checkIns.filter(Boolean),
      parentId,
    };
  }, [title, kind, kpi, stage, outcome, unit, target, dueOn, checkIns, parentId, def, percent]);
  const [debounced] = useDebouncedValue(draft, 400);
  const check = useGoalCheck(ownerId, debounced);
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const stages = (funnel.data?.stages ?? []).slice(0, -1);
  const baseline = check.data?.baseline;
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h4" mb="xs">
        {team ? 'Set a team goal' : `Set a goal for ${ownerName}`}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <Stack gap="sm">
          <TextInput
            label="Title"
            placeholder="e.g. Negotiation conversion to 50%"
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={errors.title}
          />
          <Select
            label="Measured by"
            data={[
              { value: 'kpi', label: 'A KPI from the CRM data' },
              { value: 'outcome', label: 'A described outcome, measured by hand' },
            ]}
            value={kind}
            onChange={(v) => v && setKind(v as typeof kind)}
            allowDeselect={false}
          />
          {kind === 'kpi' ? (
            <Group grow align="flex-start">
              <Select
                label="KPI"
                data={(catalog.data?.kpis ?? [])
                  .filter((k) => k.per !== 'activity_type')
                  .map((k) => ({ value: k.id, label: k.name }))}
                value={kpi}
                onChange={setKpi}
                allowDeselect={false}
                error={errors.kpi}
              />
              {def?.per === 'stage' && (
                <Select
                  label="Stage"
                  data={stages}
                  value={stage}
                  onChange={setStage}
                  placeholder="Choose a stage"
                  error={errors.kpiKey}
                />
              )}
            </Group>
          ) : (
            <Group grow align="flex-start">
              <TextInput
                label="Outcome"
                placeholder="e.g. Run three pricing workshops for new hires"
                value={outcome}
                onChange={(e) => setOutcome(e.currentTarget.value)}
                error={errors.outcome}
              />
              <TextInput
                label="Unit"
                placeholder="workshops"
                value={unit}
                onChange={(e) => setUnit(e.currentTarget.value)}
                error={errors.unit}
              />
            </Group>
          )}
          <Group grow align="flex-start">
            <NumberInput
              label={percent ? 'Target (%)' : 'Target'}
              description={
                kind === 'kpi' && baseline !== undefined
                  ? `Today: ${baseline === null ? 'no value yet' : percent ? `${Math.round(baseline * 100)}%` : Math.round(baseline * 100) / 100}`
                  : undefined
              }
              value={target}
              onChange={setTarget}
              decimalScale={2}
              error={errors.target}
            />
            <TextInput
              type="date"
              label="Due"
              value={dueOn}
              onChange={(e) => setDueOn(e.currentTarget.value)}
              error={errors.dueOn}
            />
          </Group>
          <Group grow align="flex-start">
            {checkIns.map((d, i) => (
              <TextInput
                // biome-ignore lint/suspicious/noArrayIndexKey: check-ins are positional fields
                key={i}
                type="date"
                label={`Check-in ${i + 1}`}
                value={d}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setCheckIns((all) => all.map((x, j) => (j === i ? v : x)));
                }}
                error={errors[`checkIns.${i}`]}
              />
            ))}
          </Group>
          {!team && parents.length > 0 && (
            <Select
              label="Rolls up into (optional)"
              data={parents.map((p) => ({ value: p.id, label: p.title }))}
              value={parentId}
              onChange={setParentId}
              clearable
            />
          )}
          {save.isError && Object.keys(errors).length === 0 && (
            <Alert color="red" role="alert">
              {save.error.message}
            </Alert>
          )}
          <Group>
            <Button
              onClick={() => draft && save.mutate({ ...draft, title: title.trim() }, { onSuccess: onDone })}
              disabled={!draft || !title.trim()}
              loading={save.isPending}
            >
              Set the goal
            </Button>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
          </Group>
        </Stack>
        <Stack gap="xs" aria-live="polite" data-testid="smart-check">
          <Text fw={600}>SMART check</Text>
          {!check.data ? (
            <Text size="sm" c="dimmed">
              Fill in a target to see how the goal holds up.
            </Text>
          ) : (
            <List spacing="xs" listStyleType="none" p={0}>
              {check.data.smart.map((s) => (
                <List.Item key={s.letter}>
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <Badge
                      color={s.status === 'pass' ? 'teal.9' : 'yellow.5'}
                      variant="filled"
                      autoContrast
                      w={110}
                    >
                      {LETTER_WORDS[s.letter]}
                    </Badge>
                    <Text size="sm">{s.because}</Text>
                  </Group>
                </List.Item>
              ))}
            </List>
          )}
          {check.isError && (
            <Text size="sm" c="red">
              {check.error.message}
            </Text>
          )}
        </Stack>
      </SimpleGrid>
    </Card>
  );
}
