import { Alert, Group, Text } from '@mantine/core';
import { AnchorLink, ButtonLink } from '../../components/PersonLink.tsx';
import { useSignedIn } from '../auth/api.ts';
import { usePips } from './api.ts';
import { PIP_STATUS_WORDS } from './words.ts';

/** On a rep's page: their open improvement plan, if any; for their managers, a way to start one. */
export function PipNotice({ rep }: { rep: { id: string; name: string } }) {
  const me = useSignedIn();
  const pips = usePips();
  const open = pips.data?.pips.find((p) => p.rep.id === rep.id && p.status !== 'closed');
  const manages = (me.role === 'manager' || me.role === 'leader') && me.id !== rep.id;
  if (open)
    return (
      <Alert
        color="orange"
        variant="light"
        title={me.id === rep.id ? 'Your improvement plan' : 'Improvement plan'}
      >
        <Group gap="xs">
          <Text size="sm">
            {PIP_STATUS_WORDS[open.status]}
            {open.startOn ? `, ${open.startOn} to ${open.endOn}` : ''}.
          </Text>
          <AnchorLink to="/pips/$pipId" params={{ pipId: open.id }} size="sm">
            Read the plan
          </AnchorLink>
        </Group>
      </Alert>
    );
  if (!manages) return null;
  return (
    <Group>
      <ButtonLink
        to="/people/$personId/pip"
        params={{ personId: rep.id }}
        variant="subtle"
        color="gray"
        size="xs"
      >
        Start an improvement plan
      </ButtonLink>
    </Group>
  );
}
