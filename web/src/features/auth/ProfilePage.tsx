import {
  Alert,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { ChangePassword } from '../../../../src/features/auth/contract.ts';
import { ApiError } from '../../api/client.ts';
import { formatDate, roleLabel } from '../../components/format.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import {
  type ApiToken,
  tokensQueryOptions,
  useChangePassword,
  useCreateToken,
  useRevokeToken,
  useSignedIn,
} from './api.ts';

/** The contract's password change, plus the form's own second entry of the new password. */
const ChangePasswordForm = ChangePassword.extend({ confirm: z.string() }).refine(
  (v) => v.confirm === v.newPassword,
  { path: ['confirm'], message: 'the two new passwords differ' },
);

function ChangePasswordCard() {
  const change = useChangePassword();
  const saving = change.isPending;
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: schemaResolver(ChangePasswordForm, { sync: true }),
  });
  const submit = form.onSubmit(async (v) => {
    try {
      await change.mutateAsync({ currentPassword: v.currentPassword, newPassword: v.newPassword });
      notifications.show({ color: 'green', message: 'Your password was changed.' });
      form.reset();
    } catch (err) {
      if (err instanceof ApiError) form.setErrors(err.fieldErrors());
      else notifications.show({ color: 'red', message: 'Could not change your password.' });
    }
  });
  return (
    <Card withBorder maw={520}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h4">
            Change your password
          </Title>
          <Text size="sm" c="dimmed">
            You stay signed in here; every other browser signed in as you is signed out. Your API tokens keep
            working until you revoke them below.
          </Text>
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput
            label="New password"
            description="At least 10 characters."
            autoComplete="new-password"
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label="New password again"
            autoComplete="new-password"
            {...form.getInputProps('confirm')}
          />
          <Group>
            <Button type="submit" loading={saving}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function TokensCard() {
  const tokens = useQuery(tokensQueryOptions());
  const createToken = useCreateToken();
  const revokeToken = useRevokeToken();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    setError(null);
    try {
      const t = await createToken.mutateAsync(name);
      setCreated(t.token);
      setName('');
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not create the token.');
    }
  };
  const revoke = async (t: ApiToken) => {
    try {
      await revokeToken.mutateAsync(t.id);
      notifications.show({ message: `Revoked “${t.name}”. Scripts using it stop working now.` });
    } catch (err) {
      notifications.show({
        color: 'red',
        message: err instanceof Error ? err.message : 'Could not revoke it.',
      });
    }
  };
  return (
    <Card withBorder>
      <Stack>
        <div>
          <Title order={2} size="h4">
            API tokens
          </Title>
          <Text size="sm" c="dimmed">
            For scripts that call the Touchline API as you: send{' '}
            <Code>Authorization: Bearer &lt;token&gt;</Code>. A token acts with your rights and stays valid
            until you revoke it, even after a password change: revoke any you do not recognise or no longer
            use (“last used” tells which still run).
          </Text>
        </div>
        {created && (
          <Alert color="green" title="Copy your new token now: it will not be shown again">
            <Group gap="xs" wrap="nowrap">
              <Code style={{ wordBreak: 'break-all' }}>{created}</Code>
              <CopyButton value={created}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Alert>
        )}
        <Group align="flex-end">
          <TextInput
            label="New token’s name"
            placeholder="e.g. CRM sync"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error}
            w={280}
          />
          <Button onClick={create} disabled={!name.trim()}>
            Create token
          </Button>
        </Group>
        {tokens.isPending ? (
          <Loading />
        ) : tokens.isError ? (
          <ErrorState error={tokens.error} onRetry={() => tokens.refetch()} />
        ) : tokens.data.tokens.length === 0 ? (
          <Text size="sm" c="dimmed">
            You have no API tokens. Create one when a script needs to reach Touchline.
          </Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Token</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data.tokens.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>
                    <Code>{t.hint}</Code>
                  </Table.Td>
                  <Table.Td>{formatDate(t.createdAt)}</Table.Td>
                  <Table.Td>{t.lastUsedAt ? formatDate(t.lastUsedAt) : 'Never'}</Table.Td>
                  <Table.Td>
                    {t.revokedAt ? (
                      <Text size="sm" c="dimmed">
                        Revoked {formatDate(t.revokedAt)}
                      </Text>
                    ) : (
                      <Button size="xs" variant="light" color="red" onClick={() => revoke(t)}>
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

export function ProfilePage() {
  const me = useSignedIn();
  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          My profile
        </Title>
        <Text c="dimmed">
          {me.name} · {me.email} · {roleLabel(me.role)} at {me.org.name}
        </Text>
      </div>
      <ChangePasswordCard />
      <TokensCard />
    </Stack>
  );
}
