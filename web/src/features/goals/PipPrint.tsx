import { useParams } from '@tanstack/react-router';
import { ErrorState, Loading } from '../../components/States.tsx';
import { usePip } from './api.ts';
import { PipDocument } from './PipDocument.tsx';

/** The plan as a document: the app's frame is left out when printed (or saved as PDF). */
export function PipPrint() {
  const { pipId } = useParams({ from: '/signed-in/pips/$pipId/print' });
  const pip = usePip(pipId);
  if (pip.isPending) return <Loading label="Loading the plan…" />;
  if (pip.isError) return <ErrorState error={pip.error} onRetry={() => pip.refetch()} />;
  return (
    <div style={{ maxWidth: 800 }}>
      <style>{`@media print {
        .mantine-AppShell-header, .mantine-AppShell-navbar { display: none !important; }
        .mantine-AppShell-main { padding: 0 !important; }
        section { break-inside: avoid; }
        @page { margin: 18mm; }
      }`}</style>
      <PipDocument pip={pip.data} />
    </div>
  );
}
