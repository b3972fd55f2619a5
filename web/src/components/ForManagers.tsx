import { useSignedIn } from '../features/auth/api.ts';
import { AnchorLink } from './PersonLink.tsx';
import { EmptyState } from './States.tsx';

/** What a rep sees on a page about a manager's team: where their own page is, not an error. */
export function ForManagersOnly({ children }: { children: React.ReactNode }) {
  const me = useSignedIn();
  if (me.role !== 'rep') return <>{children}</>;
  return (
    <EmptyState
      title="This page is for managers"
      action={
        <AnchorLink to="/people/$personId" params={{ personId: me.id }}>
          Open your own funnel and plan
        </AnchorLink>
      }
    >
      It shows a manager’s whole team. Your diagnosis, skills and development plan are on your own page.
    </EmptyState>
  );
}
