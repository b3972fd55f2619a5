import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { lazy, Suspense, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { formatDate, isRamping, roleLabel, tenureLabel } from '../../components/format.ts';
import { AnchorLink, PersonLink } from '../../components/PersonLink.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useSignedIn } from '../auth/api.ts';
import { type Person, peopleQueryOptions, usePerson, useSetPersonPassword, useUpdatePerson } from './api.ts';
import { PeopleTable } from './PeopleTable.tsx';
import { PersonForm } from './PersonForm.tsx';

// The diagnosis and the skill profile bring the charting library: loaded only when a rep's page is opened.
const RepDiagnosisSection = lazy(() =>
  import('../diagnosis/RepDiagnosisSection.tsx').then((m) => ({ default: m.RepDiagnosisSection })),
);
const GoalsSection = lazy(() =>
  import('../goals/GoalsSection.tsx').then((m) => ({ default: m.GoalsSection })),
);
const PipNotice = lazy(() => import('../goals/PipNotice.tsx').then((m) => ({ default: m.PipNotice })));
const DevelopmentSection = lazy(() =>
  import('../development/DevelopmentSection.tsx').then((m) => ({ default: m.DevelopmentSection })),
);

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text>{children}</Text>
    </div>
  );
}

function SetPasswordModal({
  person,
  opened,
  onClose,
}: {
  person: Person;
  opened: boolean;
  onClose: () => void;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const setPersonPassword = useSetPersonPassword(person.id);
  const [saving, setSaving] = useState(false);
  return (
    <Modal opened={opened} onClose={onClose} title={`Set a password for ${person.name}`}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setSaving(true);
          setError(null);
          try {
            await setPersonPassword.mutateAsync(password);
            notifications.show({
              color: 'green',
              message: `Password set for ${person.name}. Tell them through a safe channel.`,
            });
            setPassword('');
            onClose();
          } catch (err) {
            setError(
              err instanceof ApiError
                ? (err.fieldErrors().password ?? err.message)
                : 'Could not set the password.',
            );
          } finally {
            setSaving(false);
          }
        }}
      >
        <Stack>
          <PasswordInput
            label="New password"
            description="At least 10 characters."
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={error}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              Set password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function AdminActions({ person, everyone }: { person: Person; everyone: Person[] }) {
  const update = useUpdatePerson(person.id);
  const [editing, edit] = useDisclosure(false);
  const [settingPassword, pw] = useDisclosure(false);
  const [error, setError] = useState<string | null>(null);
  const toggleActive = async () => {
    setError(null);
    try {
      await update.mutateAsync({ active: !person.active });
      notifications.show({
        message: person.active ? `${person.name} is now inactive.` : `${person.name} is active again.`,
      });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not change the person.');
    }
  };
  return (
    <Stack gap="xs">
      <Group>
        <Button onClick={edit.open}>Change details</Button>
        <Button variant="default" onClick={pw.open}>
          Set password
        </Button>
        <Button variant="light" color={person.active ? 'red' : 'green'} onClick={toggleActive}>
          {person.active ? 'Mark as left' : 'Reactivate'}
        </Button>
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {editing && <PersonForm opened onClose={edit.close} person={person} everyone={everyone} />}
      <SetPasswordModal person={person} opened={settingPassword} onClose={pw.close} />
    </Stack>
  );
}

export function PersonPage() {
  const { personId } = useParams({ from: '/signed-in/people/$personId' });
  const me = useSignedIn();
  const person = usePerson(personId);
  const team = useQuery({
    ...peopleQueryOptions({ managerId: personId }),
    enabled: person.isSuccess && person.data.directReports > 0,
  });
  const everyone = useQuery({ ...peopleQueryOptions(), enabled: me.role === 'admin' });

  if (person.isPending) return <Loading label="Loading profile…" />;
  if (person.isError) {
    if (person.error instanceof ApiError && (person.error.status === 403 || person.error.status === 404)) {
      return (
        <EmptyState
          title="You cannot see this person"
          action={<AnchorLink to="/">Back to your home page</AnchorLink>}
        >
          {person.error.message}
        </EmptyState>
      );
    }
    return <ErrorState error={person.error} onRetry={() => person.refetch()} />;
  }
  const p = person.data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {p.name}
          </Title>
          <Group gap="xs">
            <Badge variant="light">{roleLabel(p.role)}</Badge>
            {!p.active && <Badge color="gray">Inactive</Badge>}
            {isRamping(p) && <Badge color="teal.9">Ramping</Badge>}
            <Text size="sm" c="dimmed">
              {p.email}
            </Text>
          </Group>
        </div>
      </Group>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <Field label="Reports to">
            {p.managerId ? <PersonLink id={p.managerId}>{p.managerName}</PersonLink> : 'Nobody'}
          </Field>
          <Field label="Team">{p.team ?? '—'}</Field>
          <Field label="Started">{formatDate(p.startDate)}</Field>
          <Field label="Tenure">{tenureLabel(p)}</Field>
        </SimpleGrid>
      </Card>
      {me.role === 'admin' && everyone.data && <AdminActions person={p} everyone={everyone.data.people} />}
      {p.role === 'rep' && p.active && (
        <Suspense fallback={<Loading label="Loading the diagnosis…" />}>
          <PipNotice rep={p} />
          <DevelopmentSection repId={p.id} />
          <GoalsSection person={p} />
          <RepDiagnosisSection repId={p.id} />
        </Suspense>
      )}
      {p.directReports > 0 && (
        <>
          <Title order={2} size="h3">
            {p.id === me.id ? 'Your team' : `${p.name.split(' ')[0]}’s team`}
          </Title>
          {team.isPending ? (
            <Loading />
          ) : team.isError ? (
            <ErrorState error={team.error} onRetry={() => team.refetch()} />
          ) : (
            <PeopleTable
              people={team.data.people}
              caption={`People who report to ${p.name}`}
              showManager={false}
            />
          )}
        </>
      )}
    </Stack>
  );
}
