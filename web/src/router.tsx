import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { fetchMe, meQueryKey } from './api/session.ts';
import { AppLayout } from './components/AppLayout.tsx';
import { NotFound } from './components/NotFound.tsx';

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
  component: lazyRouteComponent(() => import('./pages/login/LoginPage.tsx'), 'LoginPage'),
});

/** Everything below needs a signed-in person; the check runs before any page loads. */
const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData({ queryKey: meQueryKey, queryFn: fetchMe });
    if (!me)
      throw redirect({ to: '/login', search: location.href === '/' ? {} : { redirect: location.href } });
  },
  component: AppLayout,
});

const homeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./pages/home/HomePage.tsx'), 'HomePage'),
});

const peopleRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/people',
  component: lazyRouteComponent(() => import('./pages/people/PeoplePage.tsx'), 'PeoplePage'),
});

const personRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/people/$personId',
  component: lazyRouteComponent(() => import('./pages/people/PersonPage.tsx'), 'PersonPage'),
});

const profileRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/profile',
  component: lazyRouteComponent(() => import('./pages/profile/ProfilePage.tsx'), 'ProfilePage'),
});

const importRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/import',
  component: lazyRouteComponent(() => import('./pages/import/ImportPage.tsx'), 'ImportPage'),
});

const BENCHMARKS = ['team_median', 'org_median', 'top_quartile'] as const;
const teamRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/team',
  validateSearch: (search: Record<string, unknown>) => {
    const out: {
      manager?: string;
      asOf?: string;
      windowDays?: number;
      benchmark?: (typeof BENCHMARKS)[number];
    } = {};
    if (typeof search.manager === 'string') out.manager = search.manager;
    if (typeof search.asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(search.asOf)) out.asOf = search.asOf;
    const days = Number(search.windowDays);
    if (Number.isInteger(days) && days >= 28 && days <= 730) out.windowDays = days;
    const b = BENCHMARKS.find((x) => x === search.benchmark);
    if (b) out.benchmark = b;
    return out;
  },
  component: lazyRouteComponent(() => import('./pages/diagnosis/TeamDiagnosisPage.tsx'), 'TeamDiagnosisPage'),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  signedInRoute.addChildren([homeRoute, teamRoute, peopleRoute, personRoute, importRoute, profileRoute]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, context: { queryClient }, defaultPreload: 'intent' });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
