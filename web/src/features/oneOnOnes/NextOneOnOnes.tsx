import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { AnchorLink } from '../../components/PersonLink.tsx';
import { useMyOneOnOnes } from './api.ts';
import { when } from './words.ts';

/** The home page's reminder: the next one-on-ones, and whether the rep has added talking points. */
export function NextOneOnOnes({ as }: { as: 'manager' | 'rep' }) {
  const mine = useMyOneOnOnes();
  if (!mine.data) return null;
  const series = (as === 'manager' ? mine.data.asManager : mine.data.asRep).filter((s) => s.next).slice(0, 4);
  if (series.length === 0) return null;
  return (
    <Card withBorder maw={720}>
      <Title order={2} size="h4" mb="xs">
        Next one-on-ones
      </Title>
      <Stack gap={6}>
        {series.map((s) =>
          s.next ? (
            <Group key={s.id} justify="space-between">
              <AnchorLink to="/one-on-ones/meetings/$meetingId" params={{ meetingId: s.next.meetingId }}>
                {as === 'manager' ? s.rep.name : s.manager.name} · {when(s.next.startsAt)}
              </AnchorLink>
              <Text size="sm" c="dimmed">
                {as === 'rep'
                  ? s.next.repItems > 0
                    ? `${s.next.repItems} talking point${s.next.repItems === 1 ? '' : 's'} added`
                    : 'Add your talking points'
                  : s.next.repItems > 0
                    ? `${s.rep.name.split(' ')[0]} added ${s.next.repItems}`
                    : `${s.next.openActions} open action${s.next.openActions === 1 ? '' : 's'}`}
              </Text>
            </Group>
          ) : null,
        )}
      </Stack>
    </Card>
  );
}
