import { Box, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import {
  Legend,
  PolarAngleAxis,
  PolarGrid,
  PolarRadiusAxis,
  Radar,
  RadarChart,
  ResponsiveContainer,
} from 'recharts';
import { formatDate } from '../../components/format.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useSignedIn } from '../auth/api.ts';
import { type DevelopmentProfile, useDevelopment } from './api.ts';
import { PlanCard } from './PlanCard.tsx';
import { PlanStarter } from './PlanStarter.tsx';
import { SkillHistory } from './SkillHistory.tsx';
import { levelText, MASTERY_COLORS, MASTERY_WORDS, SOURCE_WORDS } from './words.ts';

/** Levels from others (manager, field) against the rep's own view, skill by skill. */
function SkillRadar({ profile }: { profile: DevelopmentProfile }) {
  const data = profile.skills.map((s) => ({ skill: s.name, level: s.level ?? 0, self: s.self ?? 0 }));
  const summary = profile.skills
    .map((s) => `${s.name}: ${levelText(s.level)}${s.self === null ? '' : ` (self ${s.self})`}`)
    .join('; ');
  return (
    <Box role="img" aria-label={`Skill levels of ${profile.rep.name}, with their own view: ${summary}`}>
      <ResponsiveContainer width="100%" height={340}>
        <RadarChart data={data} outerRadius="70%">
          <PolarGrid />
          <PolarAngleAxis dataKey="skill" tick={{ fontSize: 11 }} />
          <PolarRadiusAxis domain={[0, 5]} tickCount={6} angle={90} tick={{ fontSize: 10 }} />
          <Radar
            name="Observed (manager, field)"
            dataKey="level"
            stroke="#1864ab"
            fill="#1864ab"
            fillOpacity={0.3}
          />
          <Radar name="Self-assessment" dataKey="self" stroke="#c92a2a" fill="#c92a2a" fillOpacity={0.08} />
          <Legend />
        </RadarChart>
      </ResponsiveContainer>
    </Box>
  );
}

function SkillTable({ profile }: { profile: DevelopmentProfile }) {
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table>
        <Table.Caption>
          Observed level: ride-alongs and call reviews count most, then the manager’s rating; recent over old.
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Skill</Table.Th>
            <Table.Th>Observed</Table.Th>
            <Table.Th>Self</Table.Th>
            <Table.Th>Mastery</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {profile.skills.map((s) => (
            <Table.Tr key={s.slug}>
              <Table.Td>{s.name}</Table.Td>
              <Table.Td>{levelText(s.level)}</Table.Td>
              <Table.Td>
                {s.self ?? '—'}
                {s.perceptionGap !== null && Math.abs(s.perceptionGap) >= 1 && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    ({s.perceptionGap > 0 ? 'sees it higher' : 'sees it lower'})
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={600} c={`${MASTERY_COLORS[s.mastery.stage]}.9`}>
                  {MASTERY_WORDS[s.mastery.stage]}
                </Text>
                {s.mastery.stage !== 'not_started' && (
                  <Text size="xs" c="dimmed">
                    {s.mastery.because.replace(/^\w+: /, '')}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function EvidenceList({ profile }: { profile: DevelopmentProfile }) {
  const recent = [...profile.evidence].reverse().slice(0, 30);
  const names = new Map(profile.skills.map((s) => [s.slug, s.name]));
  if (recent.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No ratings yet. A manager’s assessment, a self-assessment or a ride-along adds the first evidence.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Skill</Table.Th>
            <Table.Th>Level</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>By</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {recent.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{formatDate(e.observedOn)}</Table.Td>
              <Table.Td>{names.get(e.skill) ?? e.skill}</Table.Td>
              <Table.Td>{e.level}</Table.Td>
              <Table.Td>{SOURCE_WORDS[e.source]}</Table.Td>
              <Table.Td>
                {e.author ?? '—'}
                {e.note && (
                  <Text size="xs" c="dimmed">
                    {e.note}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A rep's skills and development on their page: the plan first, then the profile and its evidence. */
export function DevelopmentSection({ repId }: { repId: string }) {
  const me = useSignedIn();
  const q = useDevelopment(repId);
  if (q.isPending) return <Loading label="Loading skills and plan…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const profile = q.data;
  const self = me.id === repId;
  const coach = !self && (me.role === 'manager' || me.role === 'leader');
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3">
          Skills and development
        </Title>
        {(self || coach) && (
          <Button component={Link} to={`/people/${repId}/assess`} variant="outline">
            {self ? 'Rate my skills' : `Rate ${profile.rep.name.split(' ')[0]}’s skills`}
          </Button>
        )}
      </Group>
      {profile.plan ? (
        <PlanCard plan={profile.plan} viewerIsRep={self} canManage={coach} />
      ) : coach ? (
        <PlanStarter repId={repId} repName={profile.rep.name} />
      ) : (
        <Card withBorder>
          <Text>
            {self
              ? 'No development plan yet. Your manager proposes one from your diagnosis and skills, and you agree it together.'
              : 'No development plan yet.'}
          </Text>
        </Card>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder>
          <Title order={3} size="h4">
            Skill profile
          </Title>
          <SkillRadar profile={profile} />
        </Card>
        <Card withBorder>
          <SkillTable profile={profile} />
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          History
        </Title>
        <SkillHistory profile={profile} initial={profile.plan?.focus[0]?.skill} />
      </Card>
      <Card withBorder>
        <Title order={3} size="h4" mb="xs">
          Evidence
        </Title>
        <EvidenceList profile={profile} />
      </Card>
      {profile.pastPlans.map((p) => (
        <PlanCard key={p.id} plan={p} viewerIsRep={self} canManage={false} />
      ))}
    </Stack>
  );
}
