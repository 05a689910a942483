import type { ExtrasHost } from '../kit';
import * as extras from './extras';

/**
 * Entry of public/widget-extra.js. The chat bundle adds this script with an `ExtrasHost` on its element
 * (chat.tsx); the chunk hands its parts back there. Preact comes from that host too (scripts/build-widget.mjs).
 */
(document.currentScript as HTMLScriptElement & { baton: ExtrasHost<typeof extras> }).baton.done(extras);
