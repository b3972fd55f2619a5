import { Alert, Badge, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { ErrorState, Loading } from '../../components/States.tsx';
import { type Assessment, type Diagnosis, type RepDiagnosis, useRepDiagnosis } from './api.ts';
import { DataCaveats } from './DataCaveats.tsx';
import { FunnelChart } from './FunnelChart.tsx';
import { KpiTable } from './KpiTable.tsx';
import { gapSentence, intervalText, money, pct, skillName, strengthSentence } from './words.ts';

function Evidence({ a, d }: { a: Assessment; d: Diagnosis }) {
  const observed =
    a.observed === null
      ? ''
      : a.metric === 'conversion'
        ? `Observed ${pct(a.observed)} of ${Math.round(a.n)} resolved opportunities; `
        : `Observed ${a.observed.toFixed(1)} a week over ${Math.round(a.n)} weeks; `;
  return (
    <Text size="xs" c="dimmed">
      {observed}the estimate above leans toward the team where evidence is thin. 90% interval{' '}
      {intervalText(a)}; {pct(a.probabilityBelow)} chance of being below the benchmark; worth{' '}
      {money(a.impactLow, d.currency)}–{money(a.impactHigh, d.currency)} a quarter.
    </Text>
  );
}

function CoachHereFirst({ rep, d }: { rep: RepDiagnosis; d: Diagnosis }) {
  const [first, ...rest] = rep.gaps;
  if (!first)
    return (
      <Card withBorder>
        <Title order={3} size="h4">
          No credible gap
        </Title>
        <Text size="sm" c="dimmed">
          {rep.ramping ? `${rep.name} is still ramping, so volume is not judged yet. ` : ''}
          No stage is credibly and materially below the benchmark in this window. Keep reinforcing what works,
          and look again after the next import.
        </Text>
      </Card>
    );
  return (
    <Card withBorder style={{ borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 }}>
      <Group justify="space-between" mb={4}>
        <Title order={3} size="h4">
          Coach here first
        </Title>
        <Badge color="red.9" size="lg">
          {skillName(first.skill)}
        </Badge>
      </Group>
      <Text size="lg" fw={500}>
        {gapSentence(rep, first, d)}
      </Text>
      <Evidence a={first} d={d} />
      {rest.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="sm">
            Next
          </Text>
          <List size="sm" spacing={4}>
            {rest.map((g) => (
              <List.Item key={`${g.metric}-${g.stage}`}>
                {gapSentence(rep, g, d)} <Badge color="red.9">{skillName(g.skill)}</Badge>
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Card>
  );
}

function Strengths({ rep, d }: { rep: RepDiagnosis; d: Diagnosis }) {
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb={4}>
        Strengths — leave these alone
      </Title>
      {rep.strengths.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing credibly above the benchmark in this window.
        </Text>
      ) : (
        <List size="sm" spacing={4}>
          {rep.strengths.map((s) => (
            <List.Item key={`${s.metric}-${s.stage}`}>
              {strengthSentence(rep, s, d)} <Badge color="teal.9">{skillName(s.skill)}</Badge>
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}

/** A rep's diagnosis on their profile: the gap to coach first, strengths, the funnel and every KPI. */
export function RepDiagnosisSection({ repId }: { repId: string }) {
  const q = useRepDiagnosis(repId);
  if (q.isPending) return <Loading label="Diagnosing…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const rep = d.reps[0];
  if (!rep)
    return (
      <Alert color="gray" title="No diagnosis yet">
        This rep has no start date before today or is inactive.
      </Alert>
    );
  if (rep.assessments.every((a) => a.n === 0))
    return (
      <Alert color="gray" title="No CRM data in this window">
        There are no opportunities for {rep.name} between {d.fromWeek} and {d.asOf}. Once your administrator
        imports the CRM export, the diagnosis appears here.
      </Alert>
    );
  return (
    <Stack>
      <Title order={2} size="h3">
        Funnel diagnosis
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <CoachHereFirst rep={rep} d={d} />
        <Strengths rep={rep} d={d} />
      </SimpleGrid>
      <Card withBorder>
        <Title order={3} size="h4">
          Conversion out of each stage
        </Title>
        <Text size="xs" c="dimmed" mb="xs">
          Bars: {rep.name}, with the 90% credible interval. Diamonds: the benchmark. Last {d.windowDays} days
          to {d.asOf}.
        </Text>
        <FunnelChart rep={rep} d={d} />
      </Card>
      <KpiTable rep={rep} currency={d.currency} />
      <DataCaveats d={d} />
    </Stack>
  );
}
