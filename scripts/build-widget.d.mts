/** Types for build-widget.mjs (plain JS so `node scripts/build-widget.mjs` runs without a build). */
import type { Plugin } from 'esbuild';
export type WidgetSize = { file: string; raw: number; gzip: number; brotli: number; budget: number };
export function buildWidget(o?: { quiet?: boolean }): Promise<WidgetSize[]>;
export function kitNames(): Promise<ReadonlyArray<readonly [string, string]>>;
export function kitPlugin(names: ReadonlyArray<readonly [string, string]>): Plugin;
