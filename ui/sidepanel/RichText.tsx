import type { ComponentChildren } from 'preact';
import { isSafeImage, isSafeLink, parseRichText, type Block, type Inline } from '../../protocol';

/**
 * Bot text (the playbook's messages) as Preact elements from the safe Markdown subset of
 * `protocol/richtext.ts`: the same rules as the widget's renderer, never innerHTML. Markup in the
 * source stays visible text; links are http(s)/mailto/tel only and open in a new tab without an
 * opener; images are http(s) only.
 */
export function RichText({ text }: { text: string }) {
  return <div class="rich">{parseRichText(text).map(block)}</div>;
}

function block(b: Block, key: number) {
  if (b.t === 'p') return <p key={key}>{inlines(b.c)}</p>;
  return (
    <ul key={key}>
      {b.items.map((item, i) => (
        <li key={i}>{inlines(item)}</li>
      ))}
    </ul>
  );
}

const inlines = (nodes: Inline[]): ComponentChildren => nodes.map(inline);

function inline(n: Inline, key: number): ComponentChildren {
  switch (n.t) {
    case 'text':
      return n.v;
    case 'br':
      return <br key={key} />;
    case 'b':
      return <strong key={key}>{inlines(n.c)}</strong>;
    case 'i':
      return <em key={key}>{inlines(n.c)}</em>;
    case 'a':
      // The parser already refuses unsafe targets; checking again keeps this renderer safe on its own.
      return isSafeLink(n.href) ? (
        <a key={key} href={n.href} target="_blank" rel="noopener noreferrer">
          {inlines(n.c)}
        </a>
      ) : (
        <span key={key}>{inlines(n.c)}</span>
      );
    case 'img':
      return isSafeImage(n.src) ? <img key={key} src={n.src} alt={n.alt} /> : n.alt;
    default:
      return n satisfies never;
  }
}
