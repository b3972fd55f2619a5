import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  MasteryRulesShape,
  NewSkill,
  type Skill,
  SkillEdit,
  StageSkillsUpdate,
} from '../../../../src/features/skills/contract.ts';
import { ApiError, request } from '../../api/client.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useFunnel } from '../crm/api.ts';
import { developmentKeys, useSkillFramework } from './api.ts';

function useSaveSkill(slug: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SkillEdit | NewSkill) =>
      slug ? request<Skill>('PUT', `/api/skills/${slug}`, body) : request<Skill>('POST', '/api/skills', body),
    onSuccess: () => client.invalidateQueries({ queryKey: developmentKeys.all }),
  });
}

/** Edits one skill (a new version: ratings already given keep the rubric they were given against), or adds one. */
function SkillModal({
  skill,
  opened,
  onClose,
}: {
  skill: Skill | null;
  opened: boolean;
  onClose: () => void;
}) {
  const save = useSaveSkill(skill?.slug ?? null);
  const [slug, setSlug] = useState('');
  const [name, setName] = useState(skill?.name ?? '');
  const [description, setDescription] = useState(skill?.description ?? '');
  const [rubric, setRubric] = useState<string[]>(skill?.rubric ?? ['', '', '', '', '']);
  const [retired, setRetired] = useState(skill?.retired ?? false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async () => {
    const parsed = skill
      ? SkillEdit.safeParse({ name, description, rubric, retired })
      : NewSkill.safeParse({ slug, name, description, rubric });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message])));
      return;
    }
    setErrors({});
    try {
      await save.mutateAsync(parsed.data);
      notifications.show({
        message: skill ? `${name} saved as a new version.` : `${name} added to the framework.`,
      });
      onClose();
    } catch (err) {
      setErrors({ form: err instanceof ApiError ? err.message : 'Could not save the skill.' });
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={skill ? `Edit ${skill.name}` : 'Add a skill'} size="lg">
      <Stack>
        {!skill && (
          <TextInput
            label="Short name for reports and the command line"
            description="Lower-case letters, digits and hyphens, e.g. demo-skills"
            value={slug}
            onChange={(e) => setSlug(e.currentTarget.value)}
            error={errors.slug}
            data-autofocus
          />
        )}
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
        />
        <Textarea
          label="What the skill is"
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={errors.description}
          autosize
        />
        <Text size="sm" fw={600}>
          Rubric: what a rep at each level is seen doing
        </Text>
        {rubric.map((text, i) => (
          <Textarea
            // biome-ignore lint/suspicious/noArrayIndexKey: the five levels are fixed positions
            key={i}
            label={`Level ${i + 1}`}
            value={text}
            onChange={(e) => setRubric(rubric.map((r, j) => (j === i ? e.currentTarget.value : r)))}
            error={errors[`rubric.${i}`]}
            autosize
          />
        ))}
        {skill && (
          <Checkbox
            label="Retired: keep its ratings, take no new ones, leave it out of profiles"
            checked={retired}
            onChange={(e) => setRetired(e.currentTarget.checked)}
          />
        )}
        {errors.form && (
          <Alert color="red" role="alert">
            {errors.form}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={save.isPending}>
            {skill ? 'Save a new version' : 'Add the skill'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Which skill the diagnosis names for a weak conversion out of each stage of the funnel. */
function StageMapping({
  skills,
  current,
  stages,
}: {
  skills: Skill[];
  current: Record<string, string>;
  stages: string[];
}) {
  const client = useQueryClient();
  const [mapping, setMapping] = useState<Record<string, string>>(current);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: StageSkillsUpdate) => request('PUT', '/api/skills/stage-mapping', body),
    onSuccess: () => client.invalidateQueries(),
  });
  const live = skills.filter((s) => !s.retired);
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Leave a stage on “Default” to keep Touchline’s choice (prospecting, qualifying, discovery, presenting,
        closing along the funnel).
      </Text>
      <Group align="flex-end">
        {stages.map((stage) => (
          <NativeSelect
            key={stage}
            label={stage}
            value={mapping[stage] ?? ''}
            onChange={(e) => setMapping({ ...mapping, [stage]: e.currentTarget.value })}
            data={[{ value: '', label: 'Default' }, ...live.map((s) => ({ value: s.slug, label: s.name }))]}
            w={200}
          />
        ))}
        <Button
          variant="outline"
          loading={save.isPending}
          onClick={async () => {
            const body = StageSkillsUpdate.safeParse({
              mapping: Object.entries(mapping)
                .filter(([, skill]) => skill)
                .map(([stage, skill]) => ({ stage, skill })),
            });
            if (!body.success) return setError(body.error.issues[0]?.message ?? 'Check the mapping.');
            try {
              await save.mutateAsync(body.data);
              setError(null);
              notifications.show({ message: 'The diagnosis now names these skills.' });
            } catch (err) {
              setError(err instanceof ApiError ? err.message : 'Could not save the mapping.');
            }
          }}
        >
          Save the mapping
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  );
}

const RULE_FIELDS: { key: keyof MasteryRulesShape; label: string; min: number; max: number }[] = [
  { key: 'learnedLevel', label: 'Learned: rated at least', min: 1, max: 5 },
  { key: 'appliedLevel', label: 'Applied: seen on the job at least', min: 1, max: 5 },
  { key: 'masteredLevel', label: 'Mastered: seen on the job at least', min: 1, max: 5 },
  { key: 'masteredOccasions', label: '… on this many separate days', min: 1, max: 20 },
  { key: 'masteredSpanDays', label: '… spread over at least (days)', min: 0, max: 365 },
];

/** When a skill counts as learned, applied and mastered: the organisation's own thresholds. */
function MasteryRulesForm({ current }: { current: MasteryRulesShape }) {
  const client = useQueryClient();
  const [rules, setRules] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: MasteryRulesShape) =>
      request<MasteryRulesShape>('PUT', '/api/skills/mastery-rules', body),
    onSuccess: () => client.invalidateQueries({ queryKey: developmentKeys.all }),
  });
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Mastered also needs the skill’s KPI gap to be closed in the diagnosis. A self-rating never moves a
        stage.
      </Text>
      <Group align="flex-end">
        {RULE_FIELDS.map((f) => (
          <NumberInput
            key={f.key}
            label={f.label}
            min={f.min}
            max={f.max}
            value={rules[f.key]}
            onChange={(v) => setRules({ ...rules, [f.key]: Number(v) })}
            w={200}
          />
        ))}
        <Button
          variant="outline"
          loading={save.isPending}
          onClick={async () => {
            const body = MasteryRulesShape.safeParse(rules);
            if (!body.success) return setError(body.error.issues[0]?.message ?? 'Check the rules.');
            try {
              await save.mutateAsync(body.data);
              setError(null);
              notifications.show({ message: 'Mastery stages now follow these rules.' });
            } catch (err) {
              setError(err instanceof ApiError ? err.message : 'Could not save the rules.');
            }
          }}
        >
          Save the rules
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  );
}

/** The organisation's skills framework: skills, their rubrics, and the stage → skill mapping. */
export function FrameworkPage() {
  const framework = useSkillFramework();
  const funnel = useFunnel();
  const [editing, setEditing] = useState<Skill | null>(null);
  const [opened, modal] = useDisclosure(false);
  if (framework.isPending || funnel.isPending) return <Loading label="Loading the framework…" />;
  if (framework.isError) return <ErrorState error={framework.error} onRetry={() => framework.refetch()} />;
  if (funnel.isError) return <ErrorState error={funnel.error} onRetry={() => funnel.refetch()} />;
  const { skills, stageSkills } = framework.data;
  const open = (s: Skill | null) => {
    setEditing(s);
    modal.open();
  };
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Skills framework
          </Title>
          <Text c="dimmed">
            The skills your managers rate and coach, each with a rubric of what a rep at each level is seen
            doing.
          </Text>
        </div>
        <Button onClick={() => open(null)}>Add a skill</Button>
      </Group>
      <Card withBorder>
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Skill</Table.Th>
                <Table.Th>Level 3 looks like</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {skills.map((s) => (
                <Table.Tr key={s.slug}>
                  <Table.Td>
                    <Text fw={600}>{s.name}</Text>
                    <Text size="xs" c="dimmed">
                      {s.description}
                    </Text>
                    {s.retired && <Badge color="gray">Retired</Badge>}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{s.rubric[2]}</Text>
                  </Table.Td>
                  <Table.Td>{s.version}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="outline" onClick={() => open(s)} aria-label={`Edit ${s.name}`}>
                      Edit
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Which skill a weak stage points to
        </Title>
        <StageMapping
          skills={skills}
          current={Object.fromEntries(stageSkills.map((m) => [m.stage, m.skill]))}
          stages={funnel.data.stages.slice(0, -1)}
        />
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          When a skill counts as learned, applied, mastered
        </Title>
        <MasteryRulesForm current={framework.data.masteryRules} />
      </Card>
      {opened && <SkillModal key={editing?.slug ?? 'new'} skill={editing} opened onClose={modal.close} />}
    </Stack>
  );
}
