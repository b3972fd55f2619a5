import { Alert, List } from '@mantine/core';
import type { Diagnosis } from './api.ts';
import { caveatSentences } from './words.ts';

/** Says which figures rest on inferred stage history or leave out money without a rate; nothing otherwise. */
export function DataCaveats({ d }: { d: Diagnosis }) {
  const sentences = caveatSentences(d);
  if (sentences.length === 0) return null;
  return (
    <Alert color="gray" title="About this data" variant="outline">
      <List size="sm" spacing={4}>
        {sentences.map((s) => (
          <List.Item key={s}>{s}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
