import { Alert, Button, Card, CopyButton, Group, Text, TextInput, Title } from '@mantine/core';
import { formatDate } from '../../components/format.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useCalendarFeed, useCalendarFeedChange } from './api.ts';

/** The secret calendar address for Google, Outlook or Apple calendars; shown once, revocable. */
export function CalendarFeedCard() {
  const feed = useCalendarFeed();
  const change = useCalendarFeedChange();
  if (feed.isPending) return <Loading label="Loading your calendar feed…" />;
  if (feed.isError) return <ErrorState error={feed.error} onRetry={() => feed.refetch()} />;
  const url = change.data?.url;
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h4">
        In your calendar
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Subscribe to your one-on-ones from Google Calendar (“From URL”), Outlook (“Subscribe from web”) or
        Apple Calendar (“New calendar subscription”). Anyone with the address sees your meeting times, so keep
        it to yourself; a new address stops the old one.
      </Text>
      {url && (
        <Group align="flex-end" mb="sm">
          <TextInput label="Your calendar address (shown once)" value={url} readOnly style={{ flex: 1 }} />
          <CopyButton value={url}>
            {({ copied, copy }) => <Button onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}
          </CopyButton>
        </Group>
      )}
      {change.isError && (
        <Alert color="red" role="alert" mb="sm">
          {change.error.message}
        </Alert>
      )}
      <Group>
        <Button
          variant={feed.data.active ? 'default' : 'filled'}
          onClick={() => change.mutate(true)}
          loading={change.isPending}
        >
          {feed.data.active ? 'Make a new address' : 'Turn on the calendar feed'}
        </Button>
        {feed.data.active && (
          <>
            <Button variant="subtle" color="red" onClick={() => change.mutate(false)}>
              Turn off
            </Button>
            <Text size="sm" c="dimmed">
              On since {formatDate(feed.data.createdAt)}
            </Text>
          </>
        )}
      </Group>
    </Card>
  );
}
