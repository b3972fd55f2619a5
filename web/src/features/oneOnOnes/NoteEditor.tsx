import { Alert, Group, Text, Textarea } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { MAX_NOTE_CHARS } from '../../../../src/features/oneOnOnes/contract.ts';
import { type Meeting, type NoteKind, oneOnOneKeys, saveNote } from './api.ts';

/** How long typing pauses before the note saves itself. */
const AUTOSAVE_MS = 1_200;

type Note = Meeting['notes']['shared'];
type Status =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'failed'; message: string };

/**
 * A meeting text that saves itself. Each save names the version the text was edited from; when the
 * other person saved meanwhile the server merges the two, and says so when both changed the same
 * words (both texts are then in the note, marked). A newer version from the server replaces the text
 * only while there is nothing unsaved here.
 */
export function NoteEditor({
  meetingId,
  kind,
  note,
  label,
  description,
  placeholder,
  readOnly,
}: {
  meetingId: string;
  kind: NoteKind;
  note: Note;
  label: string;
  description?: string;
  placeholder: string;
  readOnly: boolean;
}) {
  const client = useQueryClient();
  const [text, setText] = useState(note.text);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [conflict, setConflict] = useState(false);
  // The version the text here was edited from, and that version's text.
  const base = useRef({ version: note.version, text: note.text });
  const latest = useRef(text);
  latest.current = text;

  useEffect(() => {
    if (note.version > base.current.version && latest.current === base.current.text) {
      base.current = { version: note.version, text: note.text };
      setText(note.text);
    }
  }, [note.version, note.text]);

  const save = async () => {
    const sent = latest.current;
    if (sent === base.current.text) return;
    setStatus({ kind: 'saving' });
    try {
      const saved = await saveNote(meetingId, kind, { baseVersion: base.current.version, text: sent });
      const typedSince = latest.current !== sent;
      // A merged text is adopted unless more was typed meanwhile (that edit still starts from the old base).
      if (!saved.merged || !typedSince) base.current = { version: saved.version, text: saved.text };
      if (saved.merged && !typedSince) setText(saved.text);
      setConflict(saved.conflict);
      setStatus({ kind: 'saved', at: saved.savedAt ?? new Date().toISOString() });
      void client.invalidateQueries({ queryKey: oneOnOneKeys.meeting(meetingId) });
      if (typedSince) debounced();
    } catch (error) {
      setStatus({
        kind: 'failed',
        message: error instanceof Error ? error.message : 'The note was not saved.',
      });
    }
  };
  const debounced = useDebouncedCallback(() => void save(), AUTOSAVE_MS);

  const statusText =
    status.kind === 'saving'
      ? 'Saving…'
      : status.kind === 'saved'
        ? `Saved at ${new Date(status.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
        : status.kind === 'failed'
          ? `Not saved: ${status.message}`
          : note.savedBy
            ? `Last saved by ${note.savedBy}`
            : '';
  return (
    <div>
      <Textarea
        label={label}
        description={description}
        placeholder={placeholder}
        value={text}
        readOnly={readOnly}
        autosize
        minRows={4}
        maxLength={MAX_NOTE_CHARS}
        onChange={(e) => {
          setText(e.currentTarget.value);
          debounced();
        }}
        onBlur={() => void save()}
      />
      <Group justify="space-between" mt={4}>
        <Text size="xs" c={status.kind === 'failed' ? 'red' : 'dimmed'} aria-live="polite">
          {statusText}
        </Text>
        {status.kind === 'failed' && (
          <Text
            size="xs"
            c="blue"
            style={{ cursor: 'pointer' }}
            onClick={() => void save()}
            component="button"
          >
            Try again
          </Text>
        )}
      </Group>
      {conflict && (
        <Alert color="yellow" mt="xs" title="You and the other person changed the same words">
          Both versions are kept in the note, each under a line in brackets saying whose it is. Tidy the
          marked part into one.
        </Alert>
      )}
    </div>
  );
}
