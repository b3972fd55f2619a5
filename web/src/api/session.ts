import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, setCsrfToken } from './client.ts';
import { api, type Me } from './endpoints.ts';

export const meQueryKey = ['me'] as const;

/** Who is signed in: `null` when nobody is (a 401 is an answer here, not an error). */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.me();
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 60_000 });
}

/** The signed-in person, for pages that only render inside the signed-in layout. */
export function useSignedIn(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSignedIn outside the signed-in layout');
  return data;
}

export function useSignOut(): () => Promise<void> {
  const client = useQueryClient();
  return async () => {
    try {
      await api.logout();
    } finally {
      setCsrfToken(null);
      client.setQueryData(meQueryKey, null);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    }
  };
}
