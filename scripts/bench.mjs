// Runs the TypeScript benchmarks in tests/bench/ with Node: esbuild bundles them (packages stay external).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

mkdirSync('.tmp', { recursive: true });
await build({ entryPoints: ['tests/bench/main.ts'], bundle: true, platform: 'node', format: 'esm', outfile: '.tmp/bench.mjs', packages: 'external', logLevel: 'warning' });
const r = spawnSync('node', ['.tmp/bench.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
