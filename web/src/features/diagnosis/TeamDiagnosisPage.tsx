import { Alert, Badge, Card, Group, List, Select, Stack, Text, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { DEFAULT_DIAGNOSIS_SETTINGS } from '../../../../src/core/diagnosisSettings.ts';
import { RAMP_WEEKS } from '../../../../src/core/ramp.ts';
import { ForManagersOnly } from '../../components/ForManagers.tsx';
import { AnchorLink, PersonLink } from '../../components/PersonLink.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useSignedIn } from '../auth/api.ts';
import { type Person, usePeople } from '../people/api.ts';
import { type Diagnosis, type DiagnosisQuery, useTeamDiagnosis } from './api.ts';
import { DiagnosisControls } from './Controls.tsx';
import { DataCaveats } from './DataCaveats.tsx';
import { HeatMap } from './HeatMap.tsx';
import { gapSentence, skillName } from './words.ts';

export interface TeamSearch extends DiagnosisQuery {
  manager?: string;
}

function CoachFirst({ d }: { d: Diagnosis }) {
  const withGaps = d.reps
    .filter((r) => r.gaps.length > 0)
    .sort((a, b) => (b.gaps[0]?.impact ?? 0) - (a.gaps[0]?.impact ?? 0));
  if (withGaps.length === 0)
    return (
      <Alert color="green" title="No credible gap on this team">
        Every rep’s conversions and volume are within reach of{' '}
        {d.benchmark === 'org_median' ? 'the organisation' : 'the team'}, or there is not yet enough data to
        say otherwise. Coach to strengths, and check again after the next import.
      </Alert>
    );
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        Coach here first
      </Title>
      <List spacing="xs">
        {withGaps.map((r) => {
          const gap = r.gaps[0];
          if (!gap) return null;
          return (
            <List.Item key={r.id}>
              <Group gap="xs" wrap="nowrap" align="baseline">
                <Badge color="red" variant="light" style={{ flexShrink: 0 }}>
                  {skillName(gap.skill)}
                </Badge>
                <Text size="sm">
                  <PersonLink id={r.id} fw={600}>
                    {r.name}
                  </PersonLink>
                  : {gapSentence(r, gap, d)}
                </Text>
              </Group>
            </List.Item>
          );
        })}
      </List>
    </Card>
  );
}

/** What the page shows under its controls: one early return per state, the diagnosis last. */
function TeamDiagnosisBody({
  managerId,
  peoplePending,
  whose,
  query,
}: {
  managerId: string | undefined;
  peoplePending: boolean;
  whose: Person | undefined;
  query: DiagnosisQuery;
}) {
  const me = useSignedIn();
  const diagnosis = useTeamDiagnosis(managerId, query);
  if (!managerId) {
    if (peoplePending) return <Loading />;
    return (
      <EmptyState
        title="No team to diagnose yet"
        action={<AnchorLink to="/people">Open People &amp; teams</AnchorLink>}
      >
        Nobody reports to a manager yet. Set reps’ managers, then import CRM data.
      </EmptyState>
    );
  }
  if (diagnosis.isPending) return <Loading label="Diagnosing the team…" />;
  if (diagnosis.isError) return <ErrorState error={diagnosis.error} onRetry={() => diagnosis.refetch()} />;
  const d = diagnosis.data;
  if (d.reps.length === 0) {
    return (
      <EmptyState title="No reps below this person">
        {whose
          ? `${whose.name} has no reps reporting to them, directly or further down.`
          : 'No reps in scope.'}
      </EmptyState>
    );
  }
  if (d.reps.every((r) => r.assessments.every((a) => a.n === 0))) {
    const admin = me.role === 'admin';
    return (
      <EmptyState
        title="No CRM data in this window"
        action={admin ? <AnchorLink to="/import">Import CRM data</AnchorLink> : undefined}
      >
        There are no opportunities for these reps between {d.fromWeek} and {d.asOf}.
        {admin
          ? ' Import your CRM export to see the diagnosis.'
          : ' Ask your administrator to import your CRM export.'}
      </EmptyState>
    );
  }
  return (
    <>
      <CoachFirst d={d} />
      <HeatMap d={d} />
      <DataCaveats d={d} />
      <Text size="xs" c="dimmed">
        Window: weeks from {d.fromWeek} to {d.asOf} ({d.windowDays} days); open opportunities are left out of
        conversions until they move on or are lost. New hires are not judged on volume during their first{' '}
        {RAMP_WEEKS} weeks.
      </Text>
    </>
  );
}

export function TeamDiagnosisPage() {
  return (
    <ForManagersOnly>
      <TeamDiagnosisPageBody />
    </ForManagersOnly>
  );
}

function TeamDiagnosisPageBody() {
  const me = useSignedIn();
  const search = useSearch({ from: '/signed-in/team' }) as TeamSearch;
  const navigate = useNavigate({ from: '/team' });
  const people = usePeople();
  const leads = (people.data?.people ?? []).filter((p: Person) => p.directReports > 0 && p.role !== 'rep');
  const managerId = search.manager ?? (me.role === 'admin' ? leads[0]?.id : me.id);
  const { manager: _, ...query } = search;
  const set = (next: TeamSearch) => navigate({ search: next, replace: true });

  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          Where the funnel breaks
        </Title>
        <Text c="dimmed">
          Each rep’s conversion at every stage and new-opportunity volume, shrunk toward the team so small
          samples do not shout. A gap is marked only when it is credible (at least a{' '}
          {Math.round(DEFAULT_DIAGNOSIS_SETTINGS.minProbability * 100)}% chance) and large enough to matter;
          it is ranked by the revenue a quarter that closing it would bring.
        </Text>
      </div>
      <Group align="flex-end" gap="md" wrap="wrap">
        {leads.length > 1 && (
          <Select
            label="Whose reps"
            description="A manager’s team, or everyone below a leader"
            data={leads.map((p) => ({ value: p.id, label: p.id === me.id ? `${p.name} (you)` : p.name }))}
            value={managerId ?? null}
            allowDeselect={false}
            searchable
            onChange={(v) => v && set({ ...search, manager: v })}
            w={240}
          />
        )}
        <DiagnosisControls value={query} onChange={(q) => set({ ...q, manager: search.manager })} />
      </Group>
      <TeamDiagnosisBody
        managerId={managerId}
        peoplePending={people.isPending}
        whose={leads.find((p) => p.id === managerId)}
        query={query}
      />
    </Stack>
  );
}
