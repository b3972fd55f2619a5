import { Anchor, type AnchorProps } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import { forwardRef } from 'react';

const MantineAnchor = forwardRef<
  HTMLAnchorElement,
  AnchorProps & React.AnchorHTMLAttributes<HTMLAnchorElement>
>((props, ref) => <Anchor ref={ref} {...props} />);

/** A router link styled as a Mantine anchor, typed against the route tree. */
export const AnchorLink = createLink(MantineAnchor);

export function PersonLink({ id, children, fw }: { id: string; children: React.ReactNode; fw?: number }) {
  return (
    <AnchorLink to="/people/$personId" params={{ personId: id }} fw={fw}>
      {children}
    </AnchorLink>
  );
}
