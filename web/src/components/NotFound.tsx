import { Button } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { EmptyState } from './States.tsx';

export function NotFound() {
  return (
    <EmptyState
      title="There is no page here"
      action={
        <Button component={Link} to="/" variant="light">
          Go to your home page
        </Button>
      }
    >
      The link may be old, or the page may have moved.
    </EmptyState>
  );
}
