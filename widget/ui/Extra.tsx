import { signal } from '@preact/signals';
import type * as Extras from './extras';

export type ExtrasModule = Pick<typeof Extras, 'Rate' | 'Transcript'>;
/** Fetches the on-demand chunk (chat.tsx: a script beside the chat bundle; tests: an import). */
export type LoadExtras = () => Promise<ExtrasModule>;

/** The chunk, once it came (for this page view). */
const loaded = signal<ExtrasModule | null>(null);

/** One part of the on-demand chunk: fetched when first drawn, nothing drawn until it came (nor if it can't be fetched). */
export function Extra<K extends keyof ExtrasModule>({ load, part, props }: { load: LoadExtras; part: K; props: Parameters<ExtrasModule[K]>[0] }) {
  const Part = loaded.value?.[part] as ((p: typeof props) => preact.JSX.Element | null) | undefined;
  if (!Part) void load().then((m) => (loaded.value = m));
  return Part ? <Part {...props} /> : null;
}
