import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type * as Extras from './extras';

export type ExtrasModule = Pick<typeof Extras, 'Rate' | 'Transcript'>;
/**
 * Fetches the on-demand chunk (chat.tsx: a script beside the chat bundle; tests: an import). Never rejects: a fetch
 * that failed stays pending (nothing to draw), and the next call fetches again.
 */
export type LoadExtras = () => Promise<ExtrasModule>;

/** The chunk, once it came (for this page view). */
const loaded = signal<ExtrasModule | null>(null);

/**
 * One part of the on-demand chunk: fetched when first drawn, nothing drawn until it came. Not fetched (offline…):
 * nothing, and the next time the part appears tries again (one fetch per appearance, never one per render).
 */
export function Extra<K extends keyof ExtrasModule>({ load, part, props }: { load: LoadExtras; part: K; props: Parameters<ExtrasModule[K]>[0] }) {
  useEffect(() => void (loaded.value || load().then((m) => (loaded.value = m))), []);
  const Part = loaded.value?.[part] as ((p: typeof props) => preact.JSX.Element | null) | undefined;
  return Part ? <Part {...props} /> : null;
}
