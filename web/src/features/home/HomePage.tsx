import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { isRamping, roleLabel, tenureLabel } from '../../components/format.ts';
import { AnchorLink } from '../../components/PersonLink.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { type Me, useSignedIn } from '../auth/api.ts';
import { NextOneOnOnes } from '../oneOnOnes/NextOneOnOnes.tsx';
import { type Person, usePeople } from '../people/api.ts';
import { PeopleTable } from '../people/PeopleTable.tsx';

function Stat({ label, value, hint }: { label: string; value: number | string; hint?: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

/** The way into the diagnosis from a home page. */
function DiagnosisLink({ text, to }: { text: string; to: string }) {
  return (
    <Card withBorder bg="blue.0">
      <Group justify="space-between" wrap="wrap">
        <Text>{text}</Text>
        <AnchorLink to={to} fw={600}>
          Open the diagnosis →
        </AnchorLink>
      </Group>
    </Card>
  );
}

function ManagerHome({ me, people }: { me: Me; people: Person[] }) {
  const team = people.filter((p) => p.managerId === me.id);
  const ramping = team.filter(isRamping);
  const below = people.filter((p) => p.id !== me.id).length;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat label="Reporting to you" value={team.length} hint="your team: direct reports" />
        <Stat label="Ramping" value={ramping.length} hint="reps in their first 150 days" />
        <Stat label="In your reporting line" value={below} hint="everyone below you" />
      </SimpleGrid>
      <DiagnosisLink
        to="/team"
        text="See where each rep’s funnel breaks, and which gap is worth coaching first."
      />
      <NextOneOnOnes as="manager" />
      <Title order={2} size="h3">
        Your team
      </Title>
      {team.length === 0 ? (
        <EmptyState title="Nobody reports to you yet">
          Ask your administrator to set you as the manager of your reps under People &amp; teams.
        </EmptyState>
      ) : (
        <PeopleTable people={team} caption="People who report to you" showManager={false} />
      )}
    </Stack>
  );
}

function LeaderHome({ me, people }: { me: Me; people: Person[] }) {
  const managers = people.filter((p) => p.managerId === me.id);
  const reps = people.filter((p) => p.role === 'rep');
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat label="Managers reporting to you" value={managers.length} />
        <Stat label="Reps in the organisation" value={reps.length} />
        <Stat label="Ramping reps" value={reps.filter(isRamping).length} hint="in their first 150 days" />
      </SimpleGrid>
      <DiagnosisLink
        to="/team"
        text="See where the funnel breaks for every rep below you, ranked by revenue."
      />
      <Title order={2} size="h3">
        Your managers
      </Title>
      {managers.length === 0 ? (
        <EmptyState title="No managers report to you yet">
          Ask your administrator to set you as their manager.
        </EmptyState>
      ) : (
        <PeopleTable people={managers} caption="Managers who report to you" showManager={false} />
      )}
    </Stack>
  );
}

function AdminHome({ people }: { people: Person[] }) {
  const count = (role: Person['role']) => people.filter((p) => p.role === role).length;
  const repsWithoutManager = people.filter((p) => p.role === 'rep' && !p.managerId);
  return (
    <Stack>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat label="Leaders" value={count('leader')} />
        <Stat label="Managers" value={count('manager')} />
        <Stat label="Reps" value={count('rep')} />
        <Stat label="Administrators" value={count('admin')} />
      </SimpleGrid>
      {repsWithoutManager.length > 0 && (
        <Card withBorder>
          <Text fw={600}>Reps without a manager</Text>
          <Text size="sm" c="dimmed" mb="sm">
            Nobody coaches these reps until they report to someone. Set their manager under People &amp;
            teams.
          </Text>
          <PeopleTable people={repsWithoutManager} caption="Reps without a manager" />
        </Card>
      )}
      <Title order={2} size="h3">
        Everyone
      </Title>
      <PeopleTable people={people} caption="Everyone in the organisation" />
    </Stack>
  );
}

function RepHome({ people, me }: { me: Me; people: Person[] }) {
  const self = people.find((p) => p.id === me.id);
  if (!self) return null;
  return (
    <Stack>
      <DiagnosisLink
        to={`/people/${me.id}`}
        text="See your funnel: where you convert well, and the one skill worth working on first."
      />
      <NextOneOnOnes as="rep" />
      <Card withBorder maw={560}>
        <Stack gap="xs">
          <Group>
            <Badge variant="light">{roleLabel(self.role)}</Badge>
            {isRamping(self) && <Badge color="teal.9">Ramping</Badge>}
          </Group>
          <Text>
            <b>Your manager:</b> {self.managerName ?? 'not set yet — ask your administrator'}
          </Text>
          <Text>
            <b>Team:</b> {self.team ?? '—'}
          </Text>
          <Text>
            <b>With us for:</b> {tenureLabel(self)}
          </Text>
        </Stack>
      </Card>
    </Stack>
  );
}

/** The home for the signed-in person's role, once the people they can see have loaded. */
function RoleHome({ me }: { me: Me }) {
  const people = usePeople();
  if (people.isPending) return <Loading />;
  if (people.isError) return <ErrorState error={people.error} onRetry={() => people.refetch()} />;
  const visible = people.data.people;
  switch (me.role) {
    case 'manager':
      return <ManagerHome me={me} people={visible} />;
    case 'leader':
      return <LeaderHome me={me} people={visible} />;
    case 'admin':
      return <AdminHome people={visible} />;
    case 'rep':
      return <RepHome me={me} people={visible} />;
  }
}

export function HomePage() {
  const me = useSignedIn();
  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          Welcome, {me.name.split(' ')[0]}
        </Title>
        <Text c="dimmed">
          {roleLabel(me.role)} at {me.org.name}
        </Text>
      </div>
      <RoleHome me={me} />
    </Stack>
  );
}
