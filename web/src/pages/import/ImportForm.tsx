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
import { useQueryClient } from '@tanstack/react-query';
import Papa from 'papaparse';
import { useState } from 'react';
import { type CrmFormat, detectColumns, parsePairs } from '../../../../src/core/crmFormats.ts';
import { PEOPLE_HEADER } from '../../../../src/features/crm/contract.ts';
import { ApiError, upload } from '../../api/client.ts';
import { api, type ImportJob } from '../../api/endpoints.ts';
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
  let pairs: [string, string][] = [];
  try {
    pairs = map.trim() ? parsePairs(map, 'Column mapping') : [];
  } catch (err) {
    return <Alert color="red">{(err as Error).message}</Alert>;
  }
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

export function ImportForm() {
  const client = useQueryClient();
  const [kind, setKind] = useState<Kind>('opportunities');
  const [format, setFormat] = useState<CrmFormat>('generic');
  const [file, setFile] = useState<File | null>(null);
  const [header, setHeader] = useState<string[] | null>(null);
  const [map, setMap] = useState('');
  const [stageMap, setStageMap] = useState('');
  const [strict, setStrict] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const [rowsRead, setRowsRead] = useState<number | null>(null);
  const [result, setResult] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = sent !== null;

  const chooseFile = async (f: File | null) => {
    setFile(f);
    setResult(null);
    setError(null);
    setHeader(f ? await readHeader(f).catch(() => null) : null);
  };

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setError(null);
    setResult(null);
    setSent(0);
    setRowsRead(null);
    const form = new FormData();
    form.append('kind', kind);
    form.append('format', format);
    if (map.trim()) form.append('map', map);
    if (stageMap.trim()) form.append('stageMap', stageMap);
    form.append('dryRun', String(dryRun));
    form.append('strict', String(strict));
    form.append('file', file);
    // While the server works through the file, its job record says how far it has read.
    const poll = setInterval(async () => {
      const running = (await api.imports().catch(() => ({ jobs: [] }))).jobs.find(
        (j) => j.status === 'running' && j.fileName === file.name,
      );
      if (running) setRowsRead(running.rowsRead);
    }, 1000);
    try {
      const job = await upload<ImportJob>('/api/imports', form, (loaded, total) =>
        setSent(total ? loaded / total : 0),
      );
      setResult(job);
      await client.invalidateQueries({ queryKey: ['imports'] });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The import failed.');
    } finally {
      clearInterval(poll);
      setSent(null);
    }
  };

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
            value={kind}
            onChange={(v) => v && setKind(v as Kind)}
            allowDeselect={false}
          />
          <Select
            label="Where it comes from"
            data={FORMATS}
            value={format}
            onChange={(v) => v && setFormat(v as CrmFormat)}
            allowDeselect={false}
            disabled={kind === 'people'}
          />
        </Group>
        <FileInput
          label="CSV file"
          placeholder="Choose a .csv file"
          accept=".csv,text/csv"
          value={file}
          onChange={chooseFile}
          clearable
          clearButtonProps={{ 'aria-label': 'Remove the chosen file' }}
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
              value={map}
              onChange={(e) => setMap(e.currentTarget.value)}
              autosize
              minRows={1}
            />
            <Textarea
              label="Stage mapping (optional)"
              description="Your stage=our stage, e.g. Verbal Yes=Negotiation"
              value={stageMap}
              onChange={(e) => setStageMap(e.currentTarget.value)}
              autosize
              minRows={1}
            />
          </Group>
        )}
        <Checkbox
          label="All or nothing: import no row if any row is rejected"
          checked={strict}
          onChange={(e) => setStrict(e.currentTarget.checked)}
        />
        <Group>
          <Button variant="default" onClick={() => run(true)} disabled={!file || busy}>
            Check the file
          </Button>
          <Button onClick={() => run(false)} disabled={!file || busy} loading={busy}>
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
