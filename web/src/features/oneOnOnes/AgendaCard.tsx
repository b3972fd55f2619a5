import { Badge, Button, Card, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { type Meeting, useAddAgendaItem, useMarkDiscussed } from './api.ts';

/** Talking points: the rep's first (the meeting is theirs), then the manager's; either ticks them off. */
export function AgendaCard({ meeting }: { meeting: Meeting }) {
  const add = useAddAgendaItem(meeting.id);
  const mark = useMarkDiscussed(meeting.id);
  const [text, setText] = useState('');
  const writes = meeting.viewer !== 'reader';
  const open = meeting.status === 'scheduled';
  const submit = () => {
    if (!text.trim()) return;
    add.mutate(text.trim(), { onSuccess: () => setText('') });
  };
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h4" mb="xs">
        Agenda
      </Title>
      {meeting.agenda.length === 0 ? (
        <Text size="sm" c="dimmed" mb="sm">
          {meeting.viewer === 'rep'
            ? 'Nothing yet. Add what you want to talk about — your points come first.'
            : `Nothing yet. ${meeting.rep.name.split(' ')[0]}’s points will come first; add yours below.`}
        </Text>
      ) : (
        <Stack gap="xs" mb="sm" data-testid="agenda">
          {meeting.agenda.map((item) => (
            <Group key={item.id} gap="sm" wrap="nowrap" align="flex-start">
              <Checkbox
                checked={item.discussed}
                disabled={!writes || mark.isPending}
                onChange={(e) => mark.mutate({ itemId: item.id, discussed: e.currentTarget.checked })}
                aria-label={`Discussed: ${item.text}`}
                mt={2}
              />
              <div style={{ flex: 1 }}>
                <Text size="sm" td={item.discussed ? 'line-through' : undefined}>
                  {item.text}
                </Text>
                <Text size="xs" c="dimmed">
                  {item.author}
                </Text>
              </div>
              <Badge variant="light" color={item.side === 'rep' ? 'blue' : 'gray'}>
                {item.side === 'rep' ? 'Rep' : 'Manager'}
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
      {writes && open && (
        <Group align="flex-start" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            aria-label="New talking point"
            placeholder={meeting.viewer === 'rep' ? 'What do you want to talk about?' : 'Your talking point'}
            value={text}
            maxLength={500}
            onChange={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && submit()}
            error={add.error?.message}
          />
          <Button onClick={submit} loading={add.isPending} disabled={!text.trim()}>
            Add
          </Button>
        </Group>
      )}
    </Card>
  );
}
