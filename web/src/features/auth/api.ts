import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApiToken,
  ApiTokenCreated,
  ChangePassword,
  LoginRequest,
  Me,
} from '../../../../src/features/auth/contract.ts';
import type { DemoHint } from '../../../../src/features/demo/contract.ts';
import { ApiError, request, setCsrfToken } from '../../api/client.ts';

export type { ApiToken, Me };

/** Every query key of sign-in, the signed-in person and their tokens: the one place they are written. */
export const authKeys = {
  me: ['me'] as const,
  demoHint: ['demo-hint'] as const,
  tokens: ['tokens'] as const,
};

/** Who is signed in: `null` when nobody is (a 401 is an answer here, not an error). */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await request<Me>('GET', '/api/me');
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

export const meQueryOptions = () =>
  queryOptions({ queryKey: authKeys.me, queryFn: fetchMe, staleTime: 60_000 });

export function useMe() {
  return useQuery(meQueryOptions());
}

/** The signed-in person, for pages that only render inside the signed-in layout. */
export function useSignedIn(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSignedIn outside the signed-in layout');
  return data;
}

/** Signs in; the signed-in person replaces whoever was cached. */
export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => request<Me>('POST', '/api/auth/login', body),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      client.setQueryData(authKeys.me, me);
    },
  });
}

export function useSignOut(): () => Promise<void> {
  const client = useQueryClient();
  return async () => {
    try {
      await request<void>('POST', '/api/auth/logout');
    } finally {
      setCsrfToken(null);
      client.setQueryData(authKeys.me, null);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.me[0] });
    }
  };
}

export const demoHintQueryOptions = () =>
  queryOptions({
    queryKey: authKeys.demoHint,
    queryFn: () => request<DemoHint>('GET', '/api/auth/demo-hint'),
    staleTime: Number.POSITIVE_INFINITY,
  });

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: ChangePassword) => request<void>('PUT', '/api/me/password', body),
  });
}

export const tokensQueryOptions = () =>
  queryOptions({
    queryKey: authKeys.tokens,
    queryFn: () => request<{ tokens: ApiToken[] }>('GET', '/api/me/tokens'),
  });

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => request<ApiTokenCreated>('POST', '/api/me/tokens', { name }),
    onSuccess: () => client.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request<void>('DELETE', `/api/me/tokens/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}
