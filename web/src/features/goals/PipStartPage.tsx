import { useNavigate, useParams } from '@tanstack/react-router';
import { ErrorState, Loading } from '../../components/States.tsx';
import { usePerson } from '../people/api.ts';
import { useStartPip } from './api.ts';
import { PipEditor } from './PipEditor.tsx';

/** Writing a new plan for a rep: saved as a draft, then sent for review. */
export function PipStartPage() {
  const { personId } = useParams({ from: '/signed-in/people/$personId/pip' });
  const person = usePerson(personId);
  const start = useStartPip(personId);
  const navigate = useNavigate();
  if (person.isPending) return <Loading />;
  if (person.isError) return <ErrorState error={person.error} onRetry={() => person.refetch()} />;
  return (
    <div style={{ maxWidth: 1000 }}>
      <PipEditor
        repName={person.data.name}
        saving={start.isPending}
        error={start.error}
        onSave={(draft) =>
          start.mutate(draft, {
            onSuccess: (pip) => void navigate({ to: '/pips/$pipId', params: { pipId: pip.id } }),
          })
        }
        onCancel={() => void navigate({ to: '/people/$personId', params: { personId } })}
      />
    </div>
  );
}
