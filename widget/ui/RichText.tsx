import { useLayoutEffect, useRef } from 'preact/hooks';
import { renderRichText } from '../rich-text';

/** Bot text as DOM nodes from the safe Markdown subset (never innerHTML). */
export function RichText({ text }: { text: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current!;
    el.replaceChildren(renderRichText(text, el.ownerDocument));
  }, [text]);
  return <div class="bubble" ref={ref} />;
}
