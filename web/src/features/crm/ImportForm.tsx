import {
  Alert,
  Button,
  Card,
  Checkbox,
  FileInput,
  Group,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import Papa from 'papaparse';
import { useState } from 'react';
import { type CrmFormat, detectColumns, readPairs } from '../../../../src/core/crmFormats.ts';
import { ImportRequest, PEOPLE_HEADER } from '../../../../src/features/crm/contract.ts';
import { ApiError } from '../../api/client.ts';
import { type ImportJob, useImportProgress, useUploadImport } from './api.ts';
import { JobReport } from './JobReport.tsx';

const KINDS = [
  { value: 'people', label: 'People' },
  { value: 'opportunities', label: 'Opportunities' },
  { value: 'stage_history', label: 'Stage history' },
  { value: 'activities', label: 'Activities' },
] as const;
type Kind = (typeof KINDS)[number]['value'];

const FORMATS = [
  { value: 'generic', label: 'Touchline CSV (generic)' },
  { value: 'salesforce', label: 'Salesforce export' },
  { value: 'hubspot', label: 'HubSpot export' },
];

async function readHeader(file: File): Promise<string[]> {
  const head = await file.slice(0, 64 * 1024).text();
  const parsed = Papa.parse<string[]>(head.replace(/^\uFEFF/, ''), { preview: 1 });
  return parsed.data[0] ?? [];
}

/** Which of the file's columns feed ours, shown before anything is sent. */
function DetectedMapping({
  kind,
  format,
  header,
  map,
}: {
  kind: Kind;
  format: CrmFormat;
  header: string[];
  map: string;
}) {
  if (kind === 'people') {
    const missing = PEOPLE_HEADER.required.filter(
      (c) => !header.map((h) => h.trim().toLowerCase()).includes(c),
    );
    return missing.length > 0 ? (
      <Alert color="red">This file lacks the column(s) {missing.join(', ')}.</Alert>
    ) : (
      <Text size="sm">All the columns a people file needs are there.</Text>
    );
  }
  const { pairs, bad } = readPairs(map);
  if (bad !== undefined)
    return <Alert color="red">Column mapping: “{bad}” is not your column=our field.</Alert>;
  const detected = detectColumns(kind, format, header, pairs);
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        Columns we will read
      </Text>
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Touchline field</Table.Th>
            <Table.Th>From your column</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...detected.from.entries()].map(([ours, theirs]) => (
            <Table.Tr key={ours}>
              <Table.Td>{ours.replace('_', ' ')}</Table.Td>
              <Table.Td>{theirs.join(' or ')}</Table.Td>
            </Table.Tr>
          ))}
          {detected.missing.map((m) => (
            <Table.Tr key={m}>
              <Table.Td>{m.replace('_', ' ')}</Table.Td>
              <Table.Td>
                <Text c="red.8" size="sm">
                  Not found — map one of your columns to “{m}” below
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

interface Values {
  kind: Kind;
  format: CrmFormat;
  file: File | null;
  map: string;
  stageMap: string;
  strict: boolean;
}

/** The form's fields as the contract's import request (empty mappings left out, as the server does). */
function requestFields(v: Values, dryRun: boolean) {
  const people = v.kind === 'people';
  return {
    kind: v.kind,
    format: people ? 'generic' : v.format,
    ...(!people && v.map.trim() && { map: v.map.trim() }),
    ...(!people && v.stageMap.trim() && { stageMap: v.stageMap.trim() }),
    dryRun,
    strict: v.strict,
  };
}

/** Checks the form with the same schema the server parses the upload with; a file is needed too. */
function validate(v: Values): Record<string, string> {
  const parsed = ImportRequest.safeParse(requestFields(v, false));
  const errors: Record<string, string> = parsed.success
    ? {}
    : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'kind'), i.message]));
  if (!v.file) errors.file = 'choose a CSV file';
  return errors;
}

export function ImportForm() {
  const form = useForm<Values>({
    initialValues: {
      kind: 'opportunities',
      format: 'generic',
      file: null,
      map: '',
      stageMap: '',
      strict: false,
    },
    validate,
  });
  const uploadImport = useUploadImport();
  const [header, setHeader] = useState<string[] | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  /** The running import's id, chosen here so that its progress can be followed while it runs. */
  const [jobId, setJobId] = useState<string | null>(null);
  const progress = useImportProgress(sent === null ? null : jobId);
  const [result, setResult] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = sent !== null;
  const { kind, format, file, map } = form.getValues();

  form.watch('file', async ({ value }) => {
    setResult(null);
    setError(null);
    setHeader(value ? await readHeader(value).catch(() => null) : null);
  });

  const run = (dryRun: boolean) =>
    form.onSubmit(async (v) => {
      if (!v.file) return;
      const id = crypto.randomUUID();
      setError(null);
      setResult(null);
      setJobId(id);
      setSent(0);
      const body = new FormData();
      for (const [name, value] of Object.entries({ ...requestFields(v, dryRun), jobId: id }))
        body.append(name, String(value));
      body.append('file', v.file);
      try {
        setResult(
          await uploadImport.mutateAsync({
            form: body,
            onProgress: (loaded, total) => setSent(total ? loaded / total : 0),
          }),
        );
      } catch (err) {
        if (err instanceof ApiError) form.setErrors(err.fieldErrors());
        setError(err instanceof ApiError ? err.message : 'The import failed.');
      } finally {
        setSent(null);
      }
    });

  const rowsRead = progress.data?.rowsRead ?? null;
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          Import a CSV file
        </Title>
        <Group grow align="flex-start">
          <Select
            label="What the file holds"
            data={KINDS.map((k) => ({ ...k }))}
            allowDeselect={false}
            key={form.key('kind')}
            {...form.getInputProps('kind')}
          />
          <Select
            label="Where it comes from"
            data={FORMATS}
            allowDeselect={false}
            disabled={kind === 'people'}
            key={form.key('format')}
            {...form.getInputProps('format')}
          />
        </Group>
        <FileInput
          label="CSV file"
          placeholder="Choose a .csv file"
          accept=".csv,text/csv"
          clearable
          clearButtonProps={{ 'aria-label': 'Remove the chosen file' }}
          key={form.key('file')}
          {...form.getInputProps('file')}
        />
        {file && header && (
          <DetectedMapping
            kind={kind}
            format={kind === 'people' ? 'generic' : format}
            header={header}
            map={map}
          />
        )}
        {kind !== 'people' && (
          <Group grow align="flex-start">
            <Textarea
              label="Column mapping (optional)"
              description="Your column=our field, separated by commas, e.g. Deal #=id, Rep=owner_email"
              autosize
              minRows={1}
              key={form.key('map')}
              {...form.getInputProps('map')}
            />
            <Textarea
              label="Stage mapping (optional)"
              description="Your stage=our stage, e.g. Verbal Yes=Negotiation"
              autosize
              minRows={1}
              key={form.key('stageMap')}
              {...form.getInputProps('stageMap')}
            />
          </Group>
        )}
        <Checkbox
          label="All or nothing: import no row if any row is rejected"
          key={form.key('strict')}
          {...form.getInputProps('strict', { type: 'checkbox' })}
        />
        <Group>
          <Button variant="default" onClick={() => run(true)()} disabled={!file || busy}>
            Check the file
          </Button>
          <Button onClick={() => run(false)()} disabled={!file || busy} loading={busy}>
            Import
          </Button>
        </Group>
        {busy && (
          <Stack gap={4} aria-live="polite">
            <Text size="sm">
              {(sent ?? 0) < 1 ? `Uploading… ${Math.round((sent ?? 0) * 100)}%` : 'Processing…'}
            </Text>
            <Progress value={Math.round((sent ?? 0) * 100)} animated />
            {rowsRead !== null && (
              <Text size="sm" c="dimmed">
                {rowsRead.toLocaleString()} rows read so far
              </Text>
            )}
          </Stack>
        )}
        {error && (
          <Alert color="red" role="alert" title="Nothing was imported">
            {error}
          </Alert>
        )}
        {result && <JobReport job={result} />}
      </Stack>
    </Card>
  );
}
