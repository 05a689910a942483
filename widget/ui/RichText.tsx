import type { ComponentChildren } from 'preact';
import { isSafeImage, isSafeLink, parseRichText, type Block, type Inline } from '../../protocol/richtext';

/**
 * Bot text (the playbook's messages) from the safe Markdown subset of `protocol/richtext.ts`, as Preact
 * elements: the one renderer of that tree, used by the widget, the side panel's transcript and the options
 * page's live preview. Never innerHTML: markup in the source stays visible text. Links are http(s), mailto
 * or tel only and open in a new tab without an opener; images are http(s) only. The parser already refuses
 * anything else; the checks are repeated here so the renderer is safe on its own.
 * `class` is the wrapper's (`rich` unless given; the widget's bubble passes `bubble`).
 */
export function RichText({ text, class: className = 'rich' }: { text: string; class?: string }) {
  return <div class={className}>{parseRichText(text).map(block)}</div>;
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
