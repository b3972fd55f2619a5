import { Badge, Button, Card, Checkbox, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { type Meeting, useActionDone, useAddAction } from './api.ts';
import { day } from './words.ts';

/** Actions with an owner and a due date; open ones come back every meeting until done. */
export function ActionsCard({ meeting }: { meeting: Meeting }) {
  const add = useAddAction(meeting.id);
  const done = useActionDone(meeting.id);
  const [text, setText] = useState('');
  const [ownerId, setOwnerId] = useState<string>(meeting.rep.id);
  const [dueOn, setDueOn] = useState('');
  const writes = meeting.viewer !== 'reader' && meeting.status !== 'skipped';
  const submit = () => {
    if (!text.trim()) return;
    add.mutate(
      { text: text.trim(), ownerId, dueOn: dueOn || null },
      {
        onSuccess: () => {
          setText('');
          setDueOn('');
        },
      },
    );
  };
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h4" mb="xs">
        Actions
      </Title>
      {meeting.actions.length === 0 ? (
        <Text size="sm" c="dimmed" mb="sm">
          No actions yet. Agree one or two concrete next steps, each with an owner and a date.
        </Text>
      ) : (
        <Stack gap="xs" mb="sm" data-testid="actions">
          {meeting.actions.map((a) => (
            <Group key={a.id} gap="sm" wrap="nowrap" align="flex-start">
              <Checkbox
                mt={2}
                checked={a.doneAt !== null}
                disabled={meeting.viewer === 'reader' || done.isPending}
                onChange={(e) => done.mutate({ actionId: a.id, done: e.currentTarget.checked })}
                aria-label={`Done: ${a.text}`}
              />
              <div style={{ flex: 1 }}>
                <Text size="sm" td={a.doneAt ? 'line-through' : undefined}>
                  {a.text}
                </Text>
                <Text size="xs" c="dimmed">
                  {a.owner.name}
                  {a.dueOn ? ` · due ${day(a.dueOn)}` : ''}
                  {a.carriedOver ? ` · agreed on ${day(a.agreedOn)}` : ''}
                </Text>
              </div>
              {a.carriedOver && a.doneAt === null && (
                <Badge variant="light" color="grape">
                  carried over
                </Badge>
              )}
              {a.overdue && (
                <Badge variant="light" color="red">
                  overdue
                </Badge>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {writes && (
        <Group align="flex-end" wrap="wrap">
          <TextInput
            style={{ flex: 2, minWidth: 220 }}
            label="New action"
            placeholder="e.g. Ask Globex for a meeting with their CFO"
            value={text}
            maxLength={500}
            onChange={(e) => setText(e.currentTarget.value)}
            error={add.error?.message}
          />
          <Select
            label="Owner"
            w={170}
            data={[
              { value: meeting.rep.id, label: meeting.rep.name },
              { value: meeting.manager.id, label: meeting.manager.name },
            ]}
            value={ownerId}
            onChange={(v) => v && setOwnerId(v)}
            allowDeselect={false}
          />
          <TextInput
            label="Due"
            type="date"
            w={160}
            value={dueOn}
            onChange={(e) => setDueOn(e.currentTarget.value)}
          />
          <Button onClick={submit} loading={add.isPending} disabled={!text.trim()}>
            Add action
          </Button>
        </Group>
      )}
    </Card>
  );
}
