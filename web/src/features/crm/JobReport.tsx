import { Alert, Anchor, Badge, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { ImportJob } from './api.ts';

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={24} fw={700} c={color}>
        {value.toLocaleString()}
      </Text>
    </div>
  );
}

/** Outline badges in shade 9 keep their text above WCAG AA contrast on any row background. */
export function statusBadge(job: ImportJob) {
  const badge = (color: string, label: string) => (
    <Badge variant="outline" color={color}>
      {label}
    </Badge>
  );
  if (job.status === 'running') return badge('blue.9', 'Running');
  if (job.status === 'failed') return badge('red.9', job.rejected > 0 ? 'Nothing imported' : 'Failed');
  if (job.dryRun) return badge('gray.8', 'Checked only');
  if (job.rejected > 0 && job.inserted + job.updated + job.unchanged === 0)
    return badge('red.9', 'Every row rejected');
  return job.rejected > 0 ? badge('grape.9', 'Imported, with rejects') : badge('teal.9', 'Imported');
}

/** What an import did (or, for a check, would do), with the rejected rows. */
export function JobReport({ job }: { job: ImportJob }) {
  const would = job.dryRun ? 'Would be ' : '';
  return (
    <Stack gap="sm">
      <Group gap="xs">
        {statusBadge(job)}
        <Text size="sm" c="dimmed">
          {job.fileName} · {job.rowsRead.toLocaleString()} rows read
        </Text>
      </Group>
      {job.error && (
        <Alert color="red" role="alert">
          {job.error}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Count label={`${would}inserted`} value={job.inserted} />
        <Count label={`${would}updated`} value={job.updated} />
        <Count label="Unchanged" value={job.unchanged} />
        <Count label="Rejected" value={job.rejected} color={job.rejected > 0 ? 'red.8' : undefined} />
      </SimpleGrid>
      {job.rejected > 0 && (
        <Stack gap={4}>
          <Group justify="space-between">
            <Text fw={600}>Rejected rows</Text>
            <Anchor href={`/api/imports/${job.id}/rejects.csv`} download>
              Download all rejected rows (CSV)
            </Anchor>
          </Group>
          <Table.ScrollContainer minWidth={560}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Line</Table.Th>
                  <Table.Th>Column</Table.Th>
                  <Table.Th>Why</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {job.rejects.slice(0, 20).map((r) => (
                  <Table.Tr key={`${r.line}-${r.column}-${r.reason}`}>
                    <Table.Td>{r.line}</Table.Td>
                    <Table.Td>{r.column || '—'}</Table.Td>
                    <Table.Td>{r.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {job.rejected > 20 && (
            <Text size="sm" c="dimmed">
              Showing 20 of {job.rejected.toLocaleString()}; the download has{' '}
              {Math.min(job.rejected, 1000).toLocaleString()}.
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}
