import { Alert, Button, Card, Group, Radio, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { AssessmentInput } from '../../../../src/features/skills/contract.ts';
import { ApiError } from '../../api/client.ts';
import { AnchorLink } from '../../components/PersonLink.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useSignedIn } from '../auth/api.ts';
import { usePerson } from '../people/api.ts';
import { useAssess, useSkillFramework } from './api.ts';

/**
 * Rating skills in one form, the rubric of each skill in view: a manager assesses a rep, or a rep
 * assesses themself (the same form; who gives it decides which). Skills left unrated are not sent.
 */
export function AssessmentPage() {
  const { personId } = useParams({ from: '/signed-in/people/$personId/assess' });
  const me = useSignedIn();
  const person = usePerson(personId);
  const framework = useSkillFramework();
  const assess = useAssess(personId);
  const navigate = useNavigate();
  const [levels, setLevels] = useState<Record<string, number>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  if (person.isPending || framework.isPending) return <Loading label="Loading the skills…" />;
  if (person.isError) return <ErrorState error={person.error} onRetry={() => person.refetch()} />;
  if (framework.isError) return <ErrorState error={framework.error} onRetry={() => framework.refetch()} />;
  const self = me.id === personId;
  const skills = framework.data.skills.filter((s) => !s.retired);
  const rated = Object.keys(levels).length;
  const save = async () => {
    const body = AssessmentInput.safeParse({
      ratings: skills
        .filter((s) => levels[s.slug] !== undefined)
        .map((s) => ({
          skill: s.slug,
          level: levels[s.slug],
          ...(notes[s.slug]?.trim() && { note: notes[s.slug] }),
        })),
    });
    if (!body.success) return setError(body.error.issues[0]?.message ?? 'Check the ratings.');
    setError(null);
    try {
      await assess.mutateAsync(body.data);
      notifications.show({
        message: self ? 'Your self-assessment is saved.' : `${person.data.name}’s assessment is saved.`,
      });
      await navigate({ to: '/people/$personId', params: { personId } });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not save the assessment.');
    }
  };
  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          {self ? 'Rate your skills' : `Rate ${person.data.name}’s skills`}
        </Title>
        <Text c="dimmed">
          Choose the level that describes what {self ? 'you do' : 'you have seen them do'} most of the time.
          Skip a skill you have not seen lately.{' '}
          <AnchorLink to="/people/$personId" params={{ personId }} underline="always">
            Back to {self ? 'your page' : person.data.name}
          </AnchorLink>
        </Text>
      </div>
      {skills.map((s) => (
        <Card key={s.slug} withBorder>
          <Radio.Group
            label={s.name}
            description={s.description}
            value={levels[s.slug] === undefined ? null : String(levels[s.slug])}
            onChange={(v) => setLevels({ ...levels, [s.slug]: Number(v) })}
          >
            <Stack gap={6} mt="xs">
              {s.rubric.map((text, i) => (
                <Radio key={text} value={String(i + 1)} label={`${i + 1} — ${text}`} />
              ))}
            </Stack>
          </Radio.Group>
          {levels[s.slug] !== undefined && (
            <TextInput
              mt="xs"
              label="Example (optional)"
              placeholder="What you saw, and when"
              value={notes[s.slug] ?? ''}
              onChange={(e) => setNotes({ ...notes, [s.slug]: e.currentTarget.value })}
            />
          )}
        </Card>
      ))}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group>
        <Button onClick={save} loading={assess.isPending} disabled={rated === 0}>
          Save {rated > 0 ? `${rated} rating${rated === 1 ? '' : 's'}` : 'the assessment'}
        </Button>
        <Text size="sm" c="dimmed">
          {rated === 0 ? 'Rate at least one skill.' : `${rated} of ${skills.length} skills rated.`}
        </Text>
      </Group>
    </Stack>
  );
}
