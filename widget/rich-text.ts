import { parseRichText, isSafeImage, isSafeLink, type Block, type Inline } from '../protocol/richtext';

/**
 * Renders the safe Markdown subset to DOM nodes. Only createElement, textContent-style text nodes and a
 * fixed set of attributes (href/target/rel on links, src/alt on images) are used: no HTML is ever parsed,
 * so markup in the source stays visible text. Shared by the widget and the options page's live preview.
 */
export function renderRichText(src: string, doc: Document = document): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  for (const block of parseRichText(src)) fragment.appendChild(renderBlock(block, doc));
  return fragment;
}

function renderBlock(block: Block, doc: Document): Node {
  if (block.t === 'p') return appendInlines(doc.createElement('p'), block.c, doc);
  const list = doc.createElement('ul');
  for (const item of block.items) list.appendChild(appendInlines(doc.createElement('li'), item, doc));
  return list;
}

function appendInlines<E extends Element>(parent: E, nodes: Inline[], doc: Document): E {
  for (const node of nodes) parent.appendChild(renderInline(node, doc));
  return parent;
}

function renderInline(node: Inline, doc: Document): Node {
  switch (node.t) {
    case 'text':
      return doc.createTextNode(node.v);
    case 'br':
      return doc.createElement('br');
    case 'b':
      return appendInlines(doc.createElement('strong'), node.c, doc);
    case 'i':
      return appendInlines(doc.createElement('em'), node.c, doc);
    case 'a': {
      // The parser already refuses unsafe targets; checking again here keeps the renderer safe on its own.
      if (!isSafeLink(node.href)) return appendInlines(doc.createElement('span'), node.c, doc);
      const a = appendInlines(doc.createElement('a'), node.c, doc);
      a.setAttribute('href', node.href);
      a.setAttribute('target', '_blank');
      a.setAttribute('rel', 'noopener noreferrer');
      return a;
    }
    case 'img': {
      if (!isSafeImage(node.src)) return doc.createTextNode(node.alt);
      const img = doc.createElement('img');
      img.setAttribute('src', node.src);
      img.setAttribute('alt', node.alt);
      return img;
    }
    default:
      return node satisfies never;
  }
}
