import {
  Alert,
  Button,
  Card,
  FileInput,
  Group,
  List,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { EXPORT_SOURCES, ExportImportRequest } from '../../../../src/features/crm/exports/contract.ts';
import { ApiError } from '../../api/client.ts';
import { type ExportReport, useExportUpload } from './api.ts';

const ENCODINGS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
  'windows-1252': 'Windows-1252 / Latin-1',
};

const KIND_WORDS: Record<ExportReport['objects'][number]['kind'], string> = {
  people: 'people',
  opportunities: 'deals',
  stage_history: 'stage moves',
  activities: 'activities',
};

type Source = (typeof EXPORT_SOURCES)[number];

/** What each CRM's export is and how to get it, in the page's words. */
const SOURCES: Record<Source, { label: string; file: string; help: string }> = {
  salesforce: {
    label: 'Salesforce',
    file: 'Salesforce Data Export (.zip)',
    help: 'Setup → Data Export gives a .zip with one file per object. Touchline makes people of the users who own deals, takes your stages, and imports opportunities, their stage moves, tasks and events — no files to prepare.',
  },
  hubspot: {
    label: 'HubSpot',
    file: 'HubSpot exports (.zip of the CSV files)',
    help: 'Export your deals (with their "Date entered" columns), your users, and your calls, meetings, emails and tasks as CSV, and put them in one .zip. Touchline makes people of the users who own deals, gives each pipeline its own funnel, and imports every deal, their stage moves and the activities; the diagnosis reads one pipeline.',
  },
};

/** What the export holds: its files, the people and the funnel it brings, and every note. */
function Found({ report }: { report: ExportReport }) {
  const p = report.people;
  const f = report.funnel;
  return (
    <Stack gap="xs">
      <Text fw={600}>Files</Text>
      <List size="sm" spacing={2}>
        {report.files.map((file) => (
          <List.Item key={file.object}>
            {file.file
              ? `${file.file} · ${ENCODINGS[file.encoding ?? ''] ?? file.encoding}`
              : report.source === 'salesforce'
                ? `no ${file.object}.csv`
                : `no ${file.object.toLowerCase()} file`}
          </List.Item>
        ))}
      </List>
      {report.pipeline && (
        <Text>
          <Text span fw={600}>
            Diagnosed pipeline:
          </Text>{' '}
          {report.pipeline.name || 'the deals with no pipeline named'}
          {report.pipeline.deals > 0
            ? `, ${report.pipeline.deals.toLocaleString()} deals`
            : ' (none in this export)'}
          {report.pipeline.others.length > 0
            ? `; also ${report.dryRun ? 'to be imported' : 'imported'}, each with its own funnel: ${report.pipeline.others.map((o) => `${o.name || '(none named)'} (${o.deals.toLocaleString()} deals)`).join(', ')}`
            : ''}
        </Text>
      )}
      <Text>
        <Text span fw={600}>
          People:
        </Text>{' '}
        {p.users} users in the export; {p.added} {report.dryRun ? 'would be added' : 'added'}, {p.matched}{' '}
        already here (matched by email)
        {p.skipped.length > 0 ? `, ${p.skipped.length} left out` : ''}.
      </Text>
      {p.skipped.length > 0 && (
        <List size="sm" c="dimmed">
          {p.skipped.map((s) => (
            <List.Item key={s.user}>
              {s.user}: {s.reason}
            </List.Item>
          ))}
        </List>
      )}
      <Text>
        <Text span fw={600}>
          Funnel
        </Text>{' '}
        ({f.from === 'export' ? 'taken from the export' : 'your own'}): {f.stages.join(' → ')}; lost: {f.lost}
      </Text>
      {f.mapped.length > 0 && (
        <List size="sm" c="dimmed">
          {f.mapped.map(([from, to]) => (
            <List.Item key={from}>
              “{from}” counts as “{to}”
            </List.Item>
          ))}
        </List>
      )}
      {report.warnings.length > 0 && (
        <Alert color="blue" title="Worth knowing">
          <List size="sm">
            {report.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}

/** Rows in, accepted and rejected per file of an import. */
function Imported({ report }: { report: ExportReport }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>File</Table.Th>
            <Table.Th>As</Table.Th>
            <Table.Th>New</Table.Th>
            <Table.Th>Updated</Table.Th>
            <Table.Th>Unchanged</Table.Th>
            <Table.Th>Rejected</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.objects.map((o) => (
            <Table.Tr key={`${o.file} ${o.kind}`}>
              <Table.Td>{o.file}</Table.Td>
              <Table.Td>{KIND_WORDS[o.kind]}</Table.Td>
              <Table.Td>{o.summary.inserted.toLocaleString()}</Table.Td>
              <Table.Td>{o.summary.updated.toLocaleString()}</Table.Td>
              <Table.Td>
                {o.summary.unchanged.toLocaleString()}
                {o.summary.collapsed
                  ? ` (${o.summary.collapsed.toLocaleString()} edits within a stage collapsed)`
                  : ''}
              </Table.Td>
              <Table.Td>{o.summary.rejected.toLocaleString()}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * The whole Salesforce Data Export in one go: choose the .zip, check what it holds (nothing is
 * changed), then import it. Each file's rejected rows are in Recent imports below.
 */
export function ExportUpload() {
  const [source, setSource] = useState<Source>('salesforce');
  const [pipeline, setPipeline] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [stageMap, setStageMap] = useState('');
  const [mapError, setMapError] = useState<string | null>(null);
  const [report, setReport] = useState<ExportReport | null>(null);
  const [sent, setSent] = useState(0);
  const upload = useExportUpload();
  const run = (dryRun: boolean) => {
    if (!file) return;
    const fields = ExportImportRequest.safeParse({
      source,
      dryRun,
      stageMap: stageMap || undefined,
      pipeline: (source === 'hubspot' && pipeline.trim()) || undefined,
    });
    if (!fields.success) {
      setMapError(fields.error.issues[0]?.message ?? 'not a stage mapping');
      return;
    }
    setMapError(null);
    const form = new FormData();
    form.append('source', fields.data.source);
    form.append('dryRun', String(fields.data.dryRun));
    if (stageMap.trim()) form.append('stageMap', stageMap);
    if (fields.data.pipeline) form.append('pipeline', fields.data.pipeline);
    form.append('file', file);
    setSent(0);
    upload.mutate(
      { form, onProgress: (done, total) => setSent(total > 0 ? (100 * done) / total : 0) },
      { onSuccess: setReport },
    );
  };
  const checked = report?.dryRun === true;
  return (
    <Card withBorder>
      <Stack>
        <div>
          <Title order={2} size="h4">
            Import a whole CRM export
          </Title>
          <Text c="dimmed" size="sm">
            {SOURCES[source].help}
          </Text>
        </div>
        <SegmentedControl
          aria-label="Which CRM the export comes from"
          value={source}
          onChange={(v) => {
            setSource(v as Source);
            setReport(null);
          }}
          data={EXPORT_SOURCES.map((s) => ({ value: s, label: SOURCES[s].label }))}
          w="fit-content"
        />
        <Group align="end">
          <FileInput
            label={SOURCES[source].file}
            accept=".zip,application/zip"
            value={file}
            onChange={(f) => {
              setFile(f);
              setReport(null);
            }}
            w={360}
            clearable
            clearButtonProps={{ 'aria-label': 'Clear the chosen file' }}
          />
          <Button variant="outline" disabled={!file || upload.isPending} onClick={() => run(true)}>
            Check the export
          </Button>
          <Button disabled={!checked || upload.isPending} onClick={() => run(false)}>
            Import it
          </Button>
        </Group>
        <TextInput
          label="Stage mapping (only when asked)"
          description="When your funnel already has stages, say where each of the export's goes: Their stage=Our stage, …"
          placeholder="Qualification=Meeting, Needs Analysis=Discovery"
          value={stageMap}
          onChange={(e) => {
            setStageMap(e.currentTarget.value);
            setReport(null);
          }}
          error={mapError}
        />
        {source === 'hubspot' && (
          <TextInput
            label="Pipeline (optional)"
            description="The pipeline the diagnosis reads. Left empty: the one it reads already, else the one with most deals. Every pipeline's deals are imported."
            placeholder="Sales Pipeline"
            value={pipeline}
            onChange={(e) => {
              setPipeline(e.currentTarget.value);
              setReport(null);
            }}
            w={360}
          />
        )}
        {upload.isPending && (
          <Stack gap={4}>
            <Progress value={sent} animated aria-label="Upload progress" />
            <Text size="sm" c="dimmed">
              {sent < 100 ? 'Uploading…' : 'Reading the export…'}
            </Text>
          </Stack>
        )}
        {upload.isError && (
          <Alert color="red" title="The export could not be read">
            {upload.error instanceof ApiError ? upload.error.message : String(upload.error)}
          </Alert>
        )}
        {!file && !report && (
          <Text size="sm" c="dimmed">
            Choose the export’s .zip, then check it: you will see what it holds before anything changes.
          </Text>
        )}
        {report && (
          <Stack>
            {report.dryRun ? (
              <Alert color="blue" title="Checked: nothing has changed yet">
                This is what the export holds. Import it to bring it in.
              </Alert>
            ) : (
              <Alert color="blue" title="Imported">
                The diagnosis now counts this data.
              </Alert>
            )}
            <Found report={report} />
            {!report.dryRun && <Imported report={report} />}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
