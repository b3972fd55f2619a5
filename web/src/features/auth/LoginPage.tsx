import {
  Alert,
  Anchor,
  Button,
  Center,
  Code,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { schemaResolver, useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { LoginRequest } from '../../../../src/features/auth/contract.ts';
import { ApiError } from '../../api/client.ts';
import { demoHintQueryOptions, useLogin } from './api.ts';

export function LoginPage() {
  const search = useSearch({ from: '/login' });
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [needsOrg, setNeedsOrg] = useState(false);
  const login = useLogin();
  const submitting = login.isPending;
  const demo = useQuery(demoHintQueryOptions());
  const form = useForm({
    initialValues: { email: '', password: '', org: '' },
    validate: schemaResolver(LoginRequest, { sync: true }),
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await login.mutateAsync({
        email: values.email,
        password: values.password,
        ...(values.org.trim() ? { org: values.org } : {}),
      });
      await navigate({ to: search.redirect ?? '/' });
    } catch (err) {
      if (err instanceof ApiError && err.errors.some((e) => e.path === 'org')) setNeedsOrg(true);
      setError(err instanceof Error ? err.message : 'Sign-in failed.');
    }
  });

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Stack w={400} maw="100%">
        <Stack gap={4} ta="center">
          <Title order={1} c="blue.8">
            Touchline
          </Title>
          <Text c="gray.7">Sales coaching that shows where each rep’s funnel breaks.</Text>
        </Stack>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <form onSubmit={submit} noValidate>
            <Stack>
              <Title order={2} size="h4">
                Sign in
              </Title>
              {error && (
                <Alert color="red" role="alert">
                  {error}
                </Alert>
              )}
              <TextInput
                label="Email"
                type="email"
                autoComplete="username"
                autoFocus
                required
                {...form.getInputProps('email')}
              />
              <PasswordInput
                label="Password"
                autoComplete="current-password"
                required
                {...form.getInputProps('password')}
              />
              {needsOrg && (
                <TextInput
                  label="Organisation"
                  description="Your email signs in to several organisations: enter its short name."
                  {...form.getInputProps('org')}
                />
              )}
              <Button type="submit" loading={submitting} fullWidth>
                Sign in
              </Button>
            </Stack>
          </form>
        </Paper>
        {demo.data?.demo && (
          <Paper withBorder p="md" radius="md">
            <Text size="sm" fw={600}>
              Exploring the demo?
            </Text>
            <Text size="sm">
              Sign in as a sales manager with{' '}
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() =>
                  form.setValues({
                    email: demo.data.demo?.manager ?? '',
                    password: demo.data.demo?.password ?? '',
                  })
                }
              >
                {demo.data.demo.manager}
              </Anchor>{' '}
              and password <Code>{demo.data.demo.password}</Code>. Every demo person uses the same password.
            </Text>
          </Paper>
        )}
      </Stack>
    </Center>
  );
}
