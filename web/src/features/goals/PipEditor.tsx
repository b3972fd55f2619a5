import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { type Pip, type PipDraft, useFunnelStages, useKpiCatalog } from './api.ts';
import { SUPPORT_WORDS } from './words.ts';

type Example = PipDraft['examples'][number];
type Expectation = PipDraft['expectations'][number];
type Support = PipDraft['support'][number];

/** Rows of a list field, with add and remove. */
function Rows<T>({
  label,
  rows,
  set,
  blank,
  render,
}: {
  label: string;
  rows: T[];
  set: (rows: T[]) => void;
  blank: T;
  render: (row: T, update: (row: T) => void, i: number) => React.ReactNode;
}) {
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        {label}
      </Text>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
        <Group key={i} align="flex-end" wrap="nowrap">
          {render(row, (next) => set(rows.map((r, j) => (j === i ? next : r))), i)}
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove ${label.toLowerCase()} ${i + 1}`}
            onClick={() => set(rows.filter((_, j) => j !== i))}
            mb={4}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button size="xs" variant="light" onClick={() => set([...rows, blank])}>
          Add
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Writing or editing a plan's draft. What it asks for follows good practice: the concern with dated,
 * objective examples (no adjectives needed), measurable expectations on KPIs, the support given, the
 * check-in schedule, the consequences and the length.
 */
export function PipEditor({
  repName,
  initial,
  saving,
  error,
  onSave,
  onCancel,
}: {
  repName: string;
  initial?: Pip;
  saving: boolean;
  error: Error | null;
  onSave: (draft: PipDraft) => void;
  onCancel: () => void;
}) {
  const catalog = useKpiCatalog();
  const funnel = useFunnelStages();
  const [concern, setConcern] = useState(initial?.concern ?? '');
  const [examples, setExamples] = useState<Example[]>(
    initial?.examples ?? [{ on: dayjs().format('YYYY-MM-DD'), text: '' }],
  );
  const [expectations, setExpectations] = useState<Expectation[]>(
    initial?.expectations.map((e) => ({
      title: e.title,
      kpi: e.kpi as Expectation['kpi'],
      kpiKey: e.kpiKey,
      target: e.target,
    })) ?? [{ title: '', kpi: 'new_opportunities', kpiKey: null, target: 0 }],
  );
  const [support, setSupport] = useState<Support[]>(initial?.support ?? [{ kind: 'coaching', text: '' }]);
  const [consequences, setConsequences] = useState(initial?.consequences ?? '');
  const [durationDays, setDuration] = useState<PipDraft['durationDays']>(
    initial ? (initial.durationDays as PipDraft['durationDays']) : 60,
  );
  const [every, setEvery] = useState(initial?.checkInEveryDays ?? 7);
  const errors = error instanceof ApiError ? error.fieldErrors() : {};
  const kpis = (catalog.data?.kpis ?? []).filter((k) => k.per !== 'activity_type');
  const stages = (funnel.data?.stages ?? []).slice(0, -1);
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h3" mb="xs">
        {initial ? 'Edit the draft' : `Improvement plan for ${repName}`}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Support first, written down. Name the shortfall with dated, objective examples; set measurable
        expectations; say what help {repName.split(' ')[0]} gets. A leader above you, or an admin, reviews it
        before it starts. This is not legal advice: have your organisation’s counsel review your template.
      </Text>
      <Stack gap="md">
        <Textarea
          label="The performance concern"
          autosize
          minRows={3}
          value={concern}
          onChange={(e) => setConcern(e.currentTarget.value)}
          error={errors.concern}
        />
        <Rows
          label="Dated examples"
          rows={examples}
          set={setExamples}
          blank={{ on: dayjs().format('YYYY-MM-DD'), text: '' }}
          render={(row, update, i) => (
            <>
              <TextInput
                type="date"
                label="On"
                w={160}
                value={row.on}
                onChange={(e) => update({ ...row, on: e.currentTarget.value })}
                error={errors[`examples.${i}.on`]}
              />
              <TextInput
                label="What happened"
                style={{ flex: 1 }}
                value={row.text}
                onChange={(e) => update({ ...row, text: e.currentTarget.value })}
                error={errors[`examples.${i}.text`]}
              />
            </>
          )}
        />
        {errors.examples && (
          <Text size="sm" c="red">
            {errors.examples}
          </Text>
        )}
        <Rows
          label="Expectations (measured from the CRM data)"
          rows={expectations}
          set={setExpectations}
          blank={{ title: '', kpi: 'new_opportunities', kpiKey: null, target: 0 }}
          render={(row, update, i) => {
            const def = kpis.find((k) => k.id === row.kpi);
            const percent = def?.unit === 'fraction';
            return (
              <>
                <TextInput
                  label="Expectation"
                  style={{ flex: 1 }}
                  value={row.title}
                  onChange={(e) => update({ ...row, title: e.currentTarget.value })}
                  error={errors[`expectations.${i}.title`]}
                />
                <Select
                  label="KPI"
                  w={220}
                  data={kpis.map((k) => ({ value: k.id, label: k.name }))}
                  value={row.kpi}
                  onChange={(v) => v && update({ ...row, kpi: v as Expectation['kpi'], kpiKey: null })}
                  allowDeselect={false}
                />
                {def?.per === 'stage' && (
                  <Select
                    label="Stage"
                    w={150}
                    data={stages}
                    value={row.kpiKey ?? null}
                    onChange={(v) => update({ ...row, kpiKey: v })}
                    error={errors[`expectations.${i}.kpiKey`]}
                  />
                )}
                <NumberInput
                  label={percent ? 'Target (%)' : 'Target'}
                  w={120}
                  decimalScale={2}
                  value={percent ? row.target * 100 : row.target}
                  onChange={(v) => update({ ...row, target: (Number(v) || 0) / (percent ? 100 : 1) })}
                  error={errors[`expectations.${i}.target`]}
                />
              </>
            );
          }}
        />
        <Rows
          label="Support provided"
          rows={support}
          set={setSupport}
          blank={{ kind: 'coaching', text: '' }}
          render={(row, update, i) => (
            <>
              <Select
                label="Kind"
                w={160}
                data={Object.entries(SUPPORT_WORDS).map(([value, label]) => ({ value, label }))}
                value={row.kind}
                onChange={(v) => v && update({ ...row, kind: v as Support['kind'] })}
                allowDeselect={false}
              />
              <TextInput
                label="What"
                style={{ flex: 1 }}
                value={row.text}
                onChange={(e) => update({ ...row, text: e.currentTarget.value })}
                error={errors[`support.${i}.text`]}
              />
            </>
          )}
        />
        <Textarea
          label="Consequences"
          description="What happens if the expectations are not met — stated plainly."
          autosize
          minRows={2}
          value={consequences}
          onChange={(e) => setConsequences(e.currentTarget.value)}
          error={errors.consequences}
        />
        <Group>
          <Select
            label="Length"
            w={160}
            data={['30', '60', '90'].map((d) => ({ value: d, label: `${d} days` }))}
            value={String(durationDays)}
            onChange={(v) => v && setDuration(Number(v) as PipDraft['durationDays'])}
            allowDeselect={false}
          />
          <NumberInput
            label="Check in every (days)"
            w={180}
            min={7}
            max={14}
            value={every}
            onChange={(v) => setEvery(Number(v) || 7)}
            error={errors.checkInEveryDays}
          />
        </Group>
        {error && Object.keys(errors).length === 0 && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        {Object.keys(errors).length > 0 && (
          <Alert color="red" role="alert">
            Some fields need attention: {Object.values(errors).join('; ')}
          </Alert>
        )}
        <Group>
          <Button
            loading={saving}
            onClick={() =>
              onSave({
                concern,
                examples,
                expectations,
                support,
                consequences,
                durationDays,
                checkInEveryDays: every,
              })
            }
          >
            Save the draft
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
