import { Anchor, type AnchorProps, Button, type ButtonProps } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import { forwardRef } from 'react';

const MantineAnchor = forwardRef<
  HTMLAnchorElement,
  AnchorProps & React.AnchorHTMLAttributes<HTMLAnchorElement>
>((props, ref) => <Anchor ref={ref} {...props} />);

/** A router link styled as a Mantine anchor, typed against the route tree. */
export const AnchorLink = createLink(MantineAnchor);

const MantineButtonAnchor = forwardRef<
  HTMLAnchorElement,
  ButtonProps & React.AnchorHTMLAttributes<HTMLAnchorElement>
>((props, ref) => <Button component="a" ref={ref} {...props} />);

/** A router link that looks like a button (Previous, Next, History). */
export const ButtonLink = createLink(MantineButtonAnchor);

export function PersonLink({ id, children, fw }: { id: string; children: React.ReactNode; fw?: number }) {
  return (
    <AnchorLink to="/people/$personId" params={{ personId: id }} fw={fw}>
      {children}
    </AnchorLink>
  );
}
