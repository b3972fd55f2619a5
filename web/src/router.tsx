import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { DiagnosisQuery } from '../../src/features/diagnosis/contract.ts';
import { AppLayout } from './components/AppLayout.tsx';
import { NotFound } from './components/NotFound.tsx';
import { meQueryOptions } from './features/auth/api.ts';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search.redirect === 'string' && search.redirect.startsWith('/')
      ? { redirect: search.redirect }
      : {},
  component: lazyRouteComponent(() => import('./features/auth/LoginPage.tsx'), 'LoginPage'),
});

/** Everything below needs a signed-in person; the check runs before any page loads. */
const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQueryOptions());
    if (!me)
      throw redirect({ to: '/login', search: location.href === '/' ? {} : { redirect: location.href } });
  },
  component: AppLayout,
});

const homeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./features/home/HomePage.tsx'), 'HomePage'),
});

const peopleRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/people',
  component: lazyRouteComponent(() => import('./features/people/PeoplePage.tsx'), 'PeoplePage'),
});

const personRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/people/$personId',
  component: lazyRouteComponent(() => import('./features/people/PersonPage.tsx'), 'PersonPage'),
});

const assessRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/people/$personId/assess',
  component: lazyRouteComponent(() => import('./features/development/AssessmentPage.tsx'), 'AssessmentPage'),
});

const teamSkillsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/team/skills',
  validateSearch: (search: Record<string, unknown>): { manager?: string } =>
    typeof search.manager === 'string' ? { manager: search.manager } : {},
  component: lazyRouteComponent(() => import('./features/development/TeamSkillsPage.tsx'), 'TeamSkillsPage'),
});

const frameworkRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/skills',
  component: lazyRouteComponent(() => import('./features/development/FrameworkPage.tsx'), 'FrameworkPage'),
});

const profileRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/profile',
  component: lazyRouteComponent(() => import('./features/auth/ProfilePage.tsx'), 'ProfilePage'),
});

const importRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/import',
  component: lazyRouteComponent(() => import('./features/crm/ImportPage.tsx'), 'ImportPage'),
});

const teamRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/team',
  /**
   * The address keeps the diagnosis query; a value the contract refuses is dropped, not shown as an
   * error. Each key is set, to undefined when refused: the router merges the raw address underneath.
   */
  validateSearch: (search: Record<string, unknown>): DiagnosisQuery & { manager?: string } => {
    const out: DiagnosisQuery & { manager?: string } = {};
    if (typeof search.manager === 'string') out.manager = search.manager;
    for (const key of ['asOf', 'windowDays', 'benchmark'] as const) {
      const one = DiagnosisQuery.safeParse({ [key]: search[key] });
      Object.assign(out, { [key]: one.success ? one.data[key] : undefined });
    }
    return out;
  },
  component: lazyRouteComponent(
    () => import('./features/diagnosis/TeamDiagnosisPage.tsx'),
    'TeamDiagnosisPage',
  ),
});

const oneOnOnesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/one-on-ones',
  component: lazyRouteComponent(() => import('./features/oneOnOnes/OneOnOnesPage.tsx'), 'OneOnOnesPage'),
});

const meetingRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/one-on-ones/meetings/$meetingId',
  component: lazyRouteComponent(() => import('./features/oneOnOnes/MeetingPage.tsx'), 'MeetingPage'),
});

const meetingHistoryRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/one-on-ones/series/$seriesId',
  component: lazyRouteComponent(() => import('./features/oneOnOnes/HistoryPage.tsx'), 'HistoryPage'),
});

const goalsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/goals',
  component: lazyRouteComponent(() => import('./features/goals/GoalsPage.tsx'), 'GoalsPage'),
});

const pipsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/pips',
  component: lazyRouteComponent(() => import('./features/goals/PipsPage.tsx'), 'PipsPage'),
});

const pipRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/pips/$pipId',
  component: lazyRouteComponent(() => import('./features/goals/PipPage.tsx'), 'PipPage'),
});

const pipPrintRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/pips/$pipId/print',
  component: lazyRouteComponent(() => import('./features/goals/PipPrint.tsx'), 'PipPrint'),
});

const pipStartRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/people/$personId/pip',
  component: lazyRouteComponent(() => import('./features/goals/PipStartPage.tsx'), 'PipStartPage'),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  signedInRoute.addChildren([
    homeRoute,
    teamRoute,
    teamSkillsRoute,
    peopleRoute,
    personRoute,
    assessRoute,
    frameworkRoute,
    importRoute,
    profileRoute,
    oneOnOnesRoute,
    meetingRoute,
    meetingHistoryRoute,
    goalsRoute,
    pipsRoute,
    pipRoute,
    pipPrintRoute,
    pipStartRoute,
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, context: { queryClient }, defaultPreload: 'intent' });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
