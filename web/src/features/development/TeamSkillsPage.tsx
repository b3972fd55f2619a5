import { Badge, Card, Group, List, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { ForManagersOnly } from '../../components/ForManagers.tsx';
import { PersonLink } from '../../components/PersonLink.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useSignedIn } from '../auth/api.ts';
import { type Person, usePeople } from '../people/api.ts';
import { type CoachingQueue, type SkillMatrix, useCoachingQueue, useSkillMatrix } from './api.ts';
import { levelText } from './words.ts';

/** Cell colours by level, light to dark enough that the number reads on each. */
function cellStyle(level: number | null): React.CSSProperties {
  if (level === null) return { color: '#495057' };
  if (level < 2.5) return { background: '#ffe3e3', color: '#8a1c1c' };
  if (level < 3.5) return { background: '#fff3bf', color: '#5c4400' };
  return { background: '#d3f9d8', color: '#1b5e20' };
}

function Matrix({ m }: { m: SkillMatrix }) {
  if (m.reps.length === 0)
    return (
      <EmptyState title="No reps below this person">
        Reps who report here, directly or further down, appear in the matrix.
      </EmptyState>
    );
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table withColumnBorders fz="sm">
        <Table.Caption>
          Observed level per skill (1–5): red below 2.5, yellow to 3.5, green above; a dot marks a plan’s
          focus skill.
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Rep</Table.Th>
            {m.skills.map((s) => (
              <Table.Th key={s.slug} style={{ fontSize: 12 }}>
                {s.name}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {m.reps.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <PersonLink id={r.id}>{r.name}</PersonLink>
              </Table.Td>
              {m.skills.map((s) => {
                const level = r.levels[s.slug] ?? null;
                const focus = r.focus.includes(s.slug);
                return (
                  <Table.Td
                    key={s.slug}
                    style={{ ...cellStyle(level), textAlign: 'center', fontWeight: focus ? 700 : 400 }}
                  >
                    {levelText(level)}
                    {focus ? ' •' : ''}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const REASON_WORDS: Record<CoachingQueue['items'][number]['reason'], { label: string; color: string }> = {
  review_due: { label: 'Review due', color: 'grape.9' },
  kpi_wrong_way: { label: 'KPI moving the wrong way', color: 'red.9' },
  not_acknowledged: { label: 'Not acknowledged', color: 'gray.7' },
  no_plan: { label: 'No plan', color: 'blue.9' },
};

function Queue({ q }: { q: CoachingQueue }) {
  if (q.items.length === 0)
    return (
      <Text c="dimmed">
        Nothing waiting: every rep has a plan, acknowledged, on track and not yet due for review.
      </Text>
    );
  return (
    <List spacing="xs" listStyleType="none">
      {q.items.map((i) => (
        <List.Item key={`${i.rep.id}-${i.reason}-${i.detail}`}>
          <Group gap="xs">
            <Badge color={REASON_WORDS[i.reason].color} variant="outline">
              {REASON_WORDS[i.reason].label}
            </Badge>
            <PersonLink id={i.rep.id}>{i.rep.name}</PersonLink>
            <Text size="sm" c="dimmed">
              {i.detail}
            </Text>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}

/** A manager's team at a glance: what to act on next, and every rep × skill. */
export function TeamSkillsPage() {
  return (
    <ForManagersOnly>
      <TeamSkillsPageBody />
    </ForManagersOnly>
  );
}

function TeamSkillsPageBody() {
  const me = useSignedIn();
  const search = useSearch({ from: '/signed-in/team/skills' }) as { manager?: string };
  const navigate = useNavigate({ from: '/team/skills' });
  const people = usePeople();
  const leads = (people.data?.people ?? []).filter((p: Person) => p.directReports > 0 && p.role !== 'rep');
  const managerId = search.manager ?? (me.role === 'admin' ? leads[0]?.id : me.id);
  const matrix = useSkillMatrix(managerId);
  const queue = useCoachingQueue(managerId);
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            Skills and plans
          </Title>
          <Text c="dimmed">Who to coach next, and where each rep stands on each skill.</Text>
        </div>
        {leads.length > 1 && me.role !== 'manager' && (
          <Select
            label="Whose reps"
            data={leads.map((p) => ({ value: p.id, label: p.id === me.id ? `${p.name} (you)` : p.name }))}
            value={managerId ?? null}
            allowDeselect={false}
            onChange={(v) => v && navigate({ search: { manager: v }, replace: true })}
            w={240}
          />
        )}
      </Group>
      {!managerId ? (
        people.isPending ? (
          <Loading />
        ) : (
          <EmptyState title="No team yet">
            Nobody reports to a manager yet. Set reps’ managers first.
          </EmptyState>
        )
      ) : (
        <>
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              Coach next
            </Title>
            {queue.isPending ? (
              <Loading />
            ) : queue.isError ? (
              <ErrorState error={queue.error} onRetry={() => queue.refetch()} />
            ) : (
              <Queue q={queue.data} />
            )}
          </Card>
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              Skill matrix
            </Title>
            {matrix.isPending ? (
              <Loading />
            ) : matrix.isError ? (
              <ErrorState error={matrix.error} onRetry={() => matrix.refetch()} />
            ) : (
              <Matrix m={matrix.data} />
            )}
          </Card>
        </>
      )}
    </Stack>
  );
}
