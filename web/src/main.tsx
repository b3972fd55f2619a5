import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { type CSSVariablesResolver, createTheme, MantineProvider, Notification } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/client.ts';
import { createAppRouter } from './router.tsx';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not fix itself by asking again.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 keeps white button text and blue links above WCAG AA contrast (4.5:1).
  primaryShade: { light: 8, dark: 8 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'md',
  components: {
    // A notification's close button is an icon: it needs a name a screen reader can say.
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss the message' } },
    }),
  },
});

/**
 * Mantine's default "dimmed" grey and placeholder grey read at ~3.3:1 and ~2.5:1 on white; gray-7
 * passes WCAG AA (a file picker's placeholder is text a person reads, not a hint the browser greys).
 * The same for the text of light blue controls (the active navigation link, light buttons).
 */
const resolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7] ?? '#495057',
    '--mantine-color-placeholder': t.colors.gray[7] ?? '#495057',
    // Light (tinted) blue controls: shade 9 text stays above 4.5:1 on the tint, hovered or not.
    '--mantine-color-blue-light-color': t.colors.blue[9] ?? '#1864ab',
    '--mantine-primary-color-light-color': t.colors.blue[9] ?? '#1864ab',
    '--mantine-color-blue-light-hover': t.colors.blue[1] ?? '#d0ebff',
    '--mantine-primary-color-light-hover': t.colors.blue[1] ?? '#d0ebff',
  },
  dark: {},
});

const router = createAppRouter(queryClient);

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={resolver}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
