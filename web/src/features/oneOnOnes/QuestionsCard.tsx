import { Button, Card, Group, List, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { type Meeting, useAddQuestion } from './api.ts';

/** 3–5 open questions for the rep's focus; the manager adds their own to the organisation's bank. */
export function QuestionsCard({ meeting }: { meeting: Meeting }) {
  const add = useAddQuestion(meeting.id);
  const [text, setText] = useState('');
  const skill = meeting.development?.focus[0]?.skill ?? meeting.snapshot.gaps[0]?.skill ?? null;
  const submit = () => {
    if (!text.trim()) return;
    add.mutate({ skill, text: text.trim() }, { onSuccess: () => setText('') });
  };
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h4">
        Questions to ask
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        Open questions that let {meeting.rep.name.split(' ')[0]} think it through
        {skill ? `, on ${skill.replace(/-/g, ' ')}` : ''}.
      </Text>
      <List size="sm" spacing="xs" mb="sm">
        {meeting.questions.map((q) => (
          <List.Item key={q}>{q}</List.Item>
        ))}
      </List>
      <Group align="flex-start" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          aria-label="Your own question"
          placeholder="Add a question of your own for your team"
          value={text}
          maxLength={300}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && submit()}
          error={add.error?.message}
        />
        <Button variant="light" onClick={submit} loading={add.isPending} disabled={!text.trim()}>
          Add question
        </Button>
      </Group>
    </Card>
  );
}
