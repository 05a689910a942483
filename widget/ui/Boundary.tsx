import { Component, type ComponentChildren } from 'preact';

type Props = { text: string; tag?: 'div' | 'li' | 'section'; children?: ComponentChildren };

/**
 * An error boundary: a child that throws while rendering (one bad entry) is replaced by a short line, `text`
 * in the caller's language, instead of blanking the whole window. Shared by the widget, the side panel and the
 * options page; kept tiny for the widget's size budget.
 */
export class Boundary extends Component<Props, { failed?: boolean }> {
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render({ text, tag: Tag = 'div', children }: Props) {
    return this.state.failed ? <Tag class="broken">{text}</Tag> : children;
  }
}
