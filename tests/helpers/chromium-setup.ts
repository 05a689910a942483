import { findChromium } from './find-chromium';

/** The e2e project's global setup: one clear message, before any browser test starts, when Chromium is missing. */
export default function setup(): void {
  const path = findChromium();
  process.env.CHROMIUM_PATH = path;
}
