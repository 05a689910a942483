import { build } from 'esbuild';
import * as hooks from 'preact/hooks';
import * as jsxRuntime from 'preact/jsx-runtime';
import { describe, expect, it } from 'vitest';
import { kitNames, kitPlugin } from '../../../scripts/build-widget.mjs';
import { KIT, KIT_NAMES } from '../../../widget/kit';

const modules: Record<string, Record<string, unknown>> = { 'preact/hooks': hooks, 'preact/jsx-runtime': jsxRuntime };

/** Builds a would-be chunk with the widget's kit plugin. */
const chunk = async (contents: string) => {
  const out = await build({ stdin: { contents, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, write: false, format: 'iife', logLevel: 'silent', plugins: [kitPlugin(await kitNames())] });
  return out.outputFiles[0]!.text;
};

describe('the kit: Preact shared by the chat bundle with the on-demand chunk', () => {
  it('each place of KIT holds what KIT_NAMES says, and the build reads the same names', async () => {
    expect(KIT).toHaveLength(KIT_NAMES.length);
    KIT_NAMES.forEach(([mod, name], i) => expect(KIT[i], `${mod} ${name}`).toBe(modules[mod]![name]));
    expect(await kitNames()).toEqual(KIT_NAMES);
  });

  it('the chunk takes a shared name from the kit (no Preact of its own); an unshared name or module fails the build', async () => {
    const ok = await chunk(`import { useState } from 'preact/hooks'; console.log(useState);`);
    expect(ok).toContain('document.currentScript.baton.kit');
    expect(ok).toMatch(/kit\[3\]/);
    expect(ok).not.toContain('__hooks');
    await expect(chunk(`import { useMemo } from 'preact/hooks'; console.log(useMemo);`)).rejects.toThrow(/useMemo/);
    await expect(chunk(`import { render } from 'preact'; console.log(render);`)).rejects.toThrow(/widget\/kit\.ts does not share/);
    await expect(chunk(`import { signal } from '@preact/signals'; console.log(signal);`)).rejects.toThrow(/does not share/);
  });
});
