import { Badge, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { useMemo, useState } from 'react';
import { RAMP_WEEKS } from '../../../../src/core/ramp.ts';
import { isRamping, roleLabel, tenureDays, tenureLabel } from '../../components/format.ts';
import { PersonLink } from '../../components/PersonLink.tsx';
import type { Person } from './api.ts';

type SortKey = 'name' | 'role' | 'team' | 'manager' | 'tenure';

const compare: Record<SortKey, (a: Person, b: Person) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  role: (a, b) => a.role.localeCompare(b.role),
  team: (a, b) => (a.team ?? '').localeCompare(b.team ?? ''),
  manager: (a, b) => (a.managerName ?? '').localeCompare(b.managerName ?? ''),
  tenure: (a, b) => (tenureDays(a) ?? -1) - (tenureDays(b) ?? -1),
};

function SortHeader({
  label,
  k,
  sort,
  onSort,
}: {
  label: string;
  k: SortKey;
  sort: { key: SortKey; asc: boolean };
  onSort: (k: SortKey) => void;
}) {
  const active = sort.key === k;
  return (
    <Table.Th aria-sort={active ? (sort.asc ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={() => onSort(k)} fw={600} fz="sm">
        {label} {active ? (sort.asc ? '▲' : '▼') : ''}
      </UnstyledButton>
    </Table.Th>
  );
}

/** A sortable list of people, each linking to their profile. */
export function PeopleTable({
  people,
  caption,
  showManager = true,
  actions,
}: {
  people: Person[];
  caption: string;
  showManager?: boolean;
  actions?: (p: Person) => React.ReactNode;
}) {
  const [sort, setSort] = useState<{ key: SortKey; asc: boolean }>({ key: 'name', asc: true });
  const sorted = useMemo(() => {
    const list = [...people].sort(compare[sort.key]);
    return sort.asc ? list : list.reverse();
  }, [people, sort]);
  const onSort = (key: SortKey) => setSort((s) => ({ key, asc: s.key === key ? !s.asc : true }));

  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>
          <Text size="sm" c="dimmed" component="span">
            {caption} · {people.length} {people.length === 1 ? 'person' : 'people'}
          </Text>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <SortHeader label="Name" k="name" sort={sort} onSort={onSort} />
            <SortHeader label="Role" k="role" sort={sort} onSort={onSort} />
            <SortHeader label="Team" k="team" sort={sort} onSort={onSort} />
            {showManager && <SortHeader label="Reports to" k="manager" sort={sort} onSort={onSort} />}
            <SortHeader label="Tenure" k="tenure" sort={sort} onSort={onSort} />
            {actions && <Table.Th>Actions</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <PersonLink id={p.id} fw={500}>
                  {p.name}
                </PersonLink>
                <Text size="xs" c="dimmed">
                  {p.email}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {roleLabel(p.role)}
                  {!p.active && (
                    <Badge color="gray" size="xs">
                      Inactive
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{p.team ?? '—'}</Table.Td>
              {showManager && <Table.Td>{p.managerName ?? '—'}</Table.Td>}
              <Table.Td>
                <Group gap={6}>
                  {tenureLabel(p)}
                  {isRamping(p) && (
                    <Badge
                      color="teal.9"
                      size="xs"
                      title={`In the first ${RAMP_WEEKS} weeks: judge results against tenure`}
                    >
                      Ramping
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              {actions && <Table.Td>{actions(p)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
