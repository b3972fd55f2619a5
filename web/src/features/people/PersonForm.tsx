import {
  Alert,
  Autocomplete,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { canHaveReports, ROLES } from '../../../../src/core/roles.ts';
import { PersonCreate, PersonUpdate } from '../../../../src/features/people/contract.ts';
import { ApiError } from '../../api/client.ts';
import { roleLabel } from '../../components/format.ts';
import { type Person, useAddPerson, useUpdatePerson } from './api.ts';

interface Values {
  email: string;
  name: string;
  role: Person['role'];
  managerId: string;
  team: string;
  startDate: string;
  password: string;
}

function toValues(p?: Person): Values {
  return {
    email: p?.email ?? '',
    name: p?.name ?? '',
    role: p?.role ?? 'rep',
    managerId: p?.managerId ?? '',
    team: p?.team ?? '',
    startDate: p?.startDate ?? '',
    password: '',
  };
}

/** Add a person (no `person`) or change one; validates with the same contract the server uses. */
export function PersonForm({
  opened,
  onClose,
  person,
  everyone,
}: {
  opened: boolean;
  onClose: () => void;
  person?: Person;
  everyone: Person[];
}) {
  const add = useAddPerson();
  const update = useUpdatePerson(person?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const saving = add.isPending || update.isPending;
  const form = useForm<Values>({ initialValues: toValues(person) });
  const editing = person !== undefined;
  const managers = everyone
    .filter((p) => p.active && canHaveReports(p.role) && p.id !== person?.id)
    .map((p) => ({ value: p.id, label: `${p.name} (${roleLabel(p.role)})` }));
  const teams = [...new Set(everyone.map((p) => p.team).filter((t): t is string => !!t))].sort();

  const submit = form.onSubmit(async (v) => {
    setError(null);
    const common = {
      name: v.name,
      role: v.role,
      managerId: v.managerId || null,
      team: v.team.trim() || null,
      startDate: v.startDate || null,
    };
    const body = editing
      ? common
      : { ...common, email: v.email, ...(v.password ? { password: v.password } : {}) };
    const parsed = (editing ? PersonUpdate : PersonCreate).safeParse(body);
    if (!parsed.success) {
      form.setErrors(
        Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'name'), i.message])),
      );
      return;
    }
    try {
      const saved = editing
        ? await update.mutateAsync(common)
        : await add.mutateAsync(parsed.data as PersonCreate);
      notifications.show({
        color: 'green',
        message: editing ? `Saved ${saved.name}.` : `Added ${saved.name}.`,
      });
      form.reset();
      onClose();
    } catch (err) {
      if (err instanceof ApiError) form.setErrors(err.fieldErrors());
      setError(err instanceof Error ? err.message : 'Could not save.');
    }
  });

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing ? `Change ${person.name}` : 'Add a person'}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          {!editing && (
            <TextInput label="Email" type="email" required data-autofocus {...form.getInputProps('email')} />
          )}
          <TextInput label="Full name" required {...form.getInputProps('name')} />
          <Group grow align="flex-start">
            <Select
              label="Role"
              required
              allowDeselect={false}
              data={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))}
              {...form.getInputProps('role')}
            />
            <Select
              label="Reports to"
              placeholder="Nobody"
              clearable
              searchable
              data={managers}
              nothingFoundMessage="No one by that name can have reports"
              {...form.getInputProps('managerId')}
            />
          </Group>
          <Group grow align="flex-start">
            <Autocomplete label="Team" placeholder="e.g. West" data={teams} {...form.getInputProps('team')} />
            <TextInput
              label="Start date"
              type="date"
              description="Tenure matters: new reps are judged against their ramp."
              {...form.getInputProps('startDate')}
            />
          </Group>
          {!editing && (
            <PasswordInput
              label="Password (optional)"
              description="At least 10 characters. Leave empty and set it later if you prefer."
              autoComplete="new-password"
              {...form.getInputProps('password')}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving}>
              {editing ? 'Save changes' : 'Add person'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
