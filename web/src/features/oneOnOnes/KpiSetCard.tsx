import { Alert, Button, Card, Group, MultiSelect, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { MAX_MEETING_KPIS } from '../../../../src/core/kpis.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useKpiCatalog, useMeetingKpis, useSetMeetingKpis } from './api.ts';

/** The KPIs every one-on-one of the organisation shows: chosen once, so history stays comparable. */
export function KpiSetCard() {
  const current = useMeetingKpis();
  const catalog = useKpiCatalog();
  const save = useSetMeetingKpis();
  const [kpis, setKpis] = useState<string[]>([]);
  useEffect(() => {
    if (current.data) setKpis(current.data.kpis);
  }, [current.data]);
  if (current.isPending || catalog.isPending) return <Loading label="Loading the KPI set…" />;
  if (current.isError) return <ErrorState error={current.error} onRetry={() => current.refetch()} />;
  if (catalog.isError) return <ErrorState error={catalog.error} onRetry={() => catalog.refetch()} />;
  const changed = kpis.join() !== current.data.kpis.join();
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h4">
        KPIs in every one-on-one
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Every meeting shows the same KPIs, beside the team median and the value at the last meeting. Choose
        them once: changing the set often makes meetings hard to compare. Per-stage KPIs show one line per
        funnel stage.
      </Text>
      <MultiSelect
        label="KPIs"
        data={catalog.data.kpis.map((k) => ({ value: k.id, label: k.name }))}
        value={kpis}
        onChange={setKpis}
        maxValues={MAX_MEETING_KPIS}
        error={save.error?.message}
        maw={640}
      />
      {save.isSuccess && !changed && (
        <Alert color="teal" mt="sm" p="xs">
          Saved: the next meetings show these KPIs; held meetings keep theirs.
        </Alert>
      )}
      <Group mt="sm">
        <Button
          onClick={() => save.mutate({ kpis: kpis as typeof current.data.kpis })}
          disabled={!changed || kpis.length === 0}
          loading={save.isPending}
        >
          Save the KPI set
        </Button>
      </Group>
    </Card>
  );
}
