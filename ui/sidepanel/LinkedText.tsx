import type { ComponentChildren } from 'preact';
import { autolink, isAutolinkHref } from '../../protocol';

/**
 * Visitor and agent text as typed, with plain http(s) URLs and email addresses made clickable
 * (`protocol/autolink.ts`). No Markdown: everything else stays text. Links open in a new tab
 * without an opener.
 */
export function linked(text: string): ComponentChildren {
  return autolink(text).map((piece, i) =>
    piece.t === 'link' && isAutolinkHref(piece.href) ? (
      <a key={i} href={piece.href} target="_blank" rel="noopener noreferrer">
        {piece.v}
      </a>
    ) : (
      piece.v
    ),
  );
}

export const LinkedText = ({ text }: { text: string }) => <p>{linked(text)}</p>;
