import { Button, Group, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { ROLES } from '../../../../src/core/roles.ts';
import { roleLabel } from '../../components/format.ts';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useSignedIn } from '../auth/api.ts';
import { usePeople } from './api.ts';
import { PeopleTable } from './PeopleTable.tsx';
import { PersonForm } from './PersonForm.tsx';

export function PeoplePage() {
  const me = useSignedIn();
  const isAdmin = me.role === 'admin';
  const [includeInactive, setIncludeInactive] = useState(false);
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<string | null>(null);
  const [adding, { open, close }] = useDisclosure(false);
  const people = usePeople({ includeInactive });

  const filtered = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (people.data?.people ?? []).filter(
      (p) =>
        (!role || p.role === role) &&
        (!q ||
          p.name.toLowerCase().includes(q) ||
          p.email.includes(q) ||
          (p.team ?? '').toLowerCase().includes(q)),
    );
  }, [people.data, search, role]);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            {me.role === 'manager' ? 'My people' : 'People & teams'}
          </Title>
          <Text c="dimmed" size="sm">
            {me.role === 'manager'
              ? 'You and everyone in your reporting line.'
              : 'Everyone in the organisation, with who they report to.'}
          </Text>
        </div>
        {isAdmin && <Button onClick={open}>Add a person</Button>}
      </Group>
      <Group align="flex-end">
        <TextInput
          label="Search"
          placeholder="Name, email or team"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={260}
        />
        <Select
          label="Role"
          placeholder="All roles"
          clearable
          data={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
          value={role}
          onChange={setRole}
          w={200}
        />
        <Switch
          label="Show people who have left"
          checked={includeInactive}
          onChange={(e) => setIncludeInactive(e.currentTarget.checked)}
          mb={8}
        />
      </Group>
      {people.isPending ? (
        <Loading label="Loading people…" />
      ) : people.isError ? (
        <ErrorState error={people.error} onRetry={() => people.refetch()} />
      ) : people.data.people.length <= 1 && isAdmin ? (
        <EmptyState title="Only you so far" action={<Button onClick={open}>Add a person</Button>}>
          Add your leaders, managers and reps, or import them with <code>touchline people add</code>.
        </EmptyState>
      ) : filtered.length === 0 ? (
        <EmptyState title="Nobody matches">Clear the search or the role filter to see everyone.</EmptyState>
      ) : (
        <PeopleTable people={filtered} caption={search || role ? 'Matching people' : 'People'} />
      )}
      {isAdmin && <PersonForm opened={adding} onClose={close} everyone={people.data?.people ?? []} />}
    </Stack>
  );
}
