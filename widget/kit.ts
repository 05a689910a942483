import { Fragment } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { jsx, jsxs } from 'preact/jsx-runtime';

/**
 * What the on-demand chunk (public/widget-extra.js: the rating and "Email me this chat", widget/ui/extras.ts) takes
 * from the chat bundle instead of a second copy of Preact: one Preact, so its components render inside the chat's
 * tree with working hooks and signals. A bare array, the cheapest in the chat bundle: KIT_NAMES says what each
 * place holds, and scripts/build-widget.mjs builds the chunk's `preact/…` imports from it (a name the chunk imports
 * that is not listed fails the build; tests/unit/widget/kit.test.ts checks the two lists agree). Add a pair to both
 * when the chunk needs more.
 */
export const KIT = [useEffect, useLayoutEffect, useRef, useState, jsx, jsxs, Fragment] as const;

/** `[module, export]` for each place of KIT, in order. Not in the chat bundle (only the build reads it). */
export const KIT_NAMES = [
  ['preact/hooks', 'useEffect'],
  ['preact/hooks', 'useLayoutEffect'],
  ['preact/hooks', 'useRef'],
  ['preact/hooks', 'useState'],
  ['preact/jsx-runtime', 'jsx'],
  ['preact/jsx-runtime', 'jsxs'],
  ['preact/jsx-runtime', 'Fragment'],
] as const;

/** What the chat bundle hangs on the chunk's <script> element: the kit, and where the chunk hands its exports. */
export type ExtrasHost<T> = { kit: typeof KIT; done: (extras: T) => void };
