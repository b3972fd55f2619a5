import { Button, Card, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { formatDate } from '../../components/format.ts';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { type ImportJob, useImports } from './api.ts';
import { ExportUpload } from './ExportUpload.tsx';
import { FunnelCard } from './FunnelCard.tsx';
import { ImportForm } from './ImportForm.tsx';
import { JobReport, statusBadge } from './JobReport.tsx';
import { PipelinesCard } from './PipelinesCard.tsx';

const KIND_LABELS: Record<ImportJob['kind'], string> = {
  people: 'People',
  opportunities: 'Opportunities',
  stage_history: 'Stage history',
  activities: 'Activities',
};

function History() {
  const jobs = useImports();
  const [open, setOpen] = useState<ImportJob | null>(null);
  if (jobs.isPending) return <Loading label="Loading recent imports…" />;
  if (jobs.isError) return <ErrorState error={jobs.error} onRetry={() => jobs.refetch()} />;
  if (jobs.data.jobs.length === 0) {
    return (
      <EmptyState title="No imports yet">
        Import people first, then opportunities, stage history and activities — or run{' '}
        <code>touchline import dir</code> on a folder of exports.
      </EmptyState>
    );
  }
  return (
    <>
      <Table.ScrollContainer minWidth={720}>
        <Table highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>File</Table.Th>
              <Table.Th>Holds</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>Rows</Table.Th>
              <Table.Th>Report</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {jobs.data.jobs.map((j) => (
              <Table.Tr key={j.id}>
                <Table.Td>{formatDate(j.startedAt)}</Table.Td>
                <Table.Td>{j.fileName}</Table.Td>
                <Table.Td>{KIND_LABELS[j.kind]}</Table.Td>
                <Table.Td>{statusBadge(j)}</Table.Td>
                <Table.Td>
                  {j.rowsRead.toLocaleString()} read
                  {j.rejected > 0 ? `, ${j.rejected.toLocaleString()} rejected` : ''}
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="light" onClick={() => setOpen(j)}>
                    View
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal
        opened={open !== null}
        onClose={() => setOpen(null)}
        title={open ? `${KIND_LABELS[open.kind]} from ${open.fileName}` : ''}
        size="xl"
      >
        {open && <JobReport job={open} />}
      </Modal>
    </>
  );
}

export function ImportPage() {
  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          CRM data
        </Title>
        <Text c="dimmed">
          Bring in your team’s opportunities, their stage history and activities from Salesforce, HubSpot or
          any CSV. Importing the same file again changes nothing; changed rows are updated.
        </Text>
      </div>
      <FunnelCard />
      <PipelinesCard />
      <ExportUpload />
      <ImportForm />
      <Card withBorder>
        <Stack>
          <Title order={2} size="h4">
            Recent imports
          </Title>
          <History />
        </Stack>
      </Card>
    </Stack>
  );
}
