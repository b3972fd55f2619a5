import { AppShell, Avatar, Burger, Group, Menu, NavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useSignedIn, useSignOut } from '../features/auth/api.ts';
import { roleLabel } from './format.ts';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

export function AppLayout() {
  const me = useSignedIn();
  const [opened, { toggle, close }] = useDisclosure();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const path = useRouterState({ select: (s) => s.location.pathname });
  const links = [
    { to: '/', label: 'Home', active: path === '/' },
    ...(me.role === 'rep'
      ? [{ to: `/people/${me.id}`, label: 'My funnel', active: path === `/people/${me.id}` }]
      : [
          { to: '/team', label: 'Where the funnel breaks', active: path === '/team' },
          { to: '/team/skills', label: 'Skills and plans', active: path === '/team/skills' },
        ]),
    { to: '/one-on-ones', label: 'One-on-ones', active: path.startsWith('/one-on-ones') },
    ...(me.role === 'rep' ? [] : [{ to: '/goals', label: 'Goals', active: path === '/goals' }]),
    ...(me.role === 'rep'
      ? []
      : [{ to: '/pips', label: 'Improvement plans', active: path.startsWith('/pips') }]),
    ...(me.role === 'rep'
      ? []
      : [
          {
            to: '/people',
            label: me.role === 'manager' ? 'My people' : 'People & teams',
            active: path.startsWith('/people'),
          },
        ]),
    ...(me.role === 'admin' || me.role === 'leader'
      ? [{ to: '/skills', label: 'Skills framework', active: path === '/skills' }]
      : []),
    ...(me.role === 'admin' ? [{ to: '/import', label: 'CRM data', active: path === '/import' }] : []),
    { to: '/profile', label: 'My profile', active: path === '/profile' },
  ];

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Text fw={700} size="lg" component={Link} to="/" c="blue.8" style={{ textDecoration: 'none' }}>
              Touchline
            </Text>
            <Text c="dimmed" size="sm" visibleFrom="sm">
              {me.org.name}
            </Text>
          </Group>
          <Menu position="bottom-end" withArrow>
            <Menu.Target>
              <UnstyledButton title="Your account">
                <Group gap="xs">
                  <Avatar color="blue" radius="xl" size="sm">
                    {initials(me.name)}
                  </Avatar>
                  <div>
                    <Text size="sm" fw={500}>
                      {me.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {roleLabel(me.role)}
                    </Text>
                  </div>
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item component={Link} to="/profile">
                My profile
              </Menu.Item>
              <Menu.Item
                color="red"
                onClick={async () => {
                  await signOut();
                  await navigate({ to: '/login' });
                }}
              >
                Sign out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        {links.map((l) => (
          <NavLink
            key={l.to}
            component={Link}
            to={l.to}
            // Which link is current is ours to say: the router would also mark /team on /team/skills.
            activeOptions={{ exact: true }}
            label={l.label}
            active={l.active}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
