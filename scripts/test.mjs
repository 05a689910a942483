// `npm test`'s last step: the unit tests first (fast, they fail early), then the server tests (integration and
// security against their shared `partykit dev`) and the browser tests (e2e, files in series) side by side, as
// vitest runs in two lanes. Most server tests wait on timers (wait-time expiry, retries, token expiry) rather than compute, so
// they fit beside the browser's work on two CPUs: the run takes about the longer of the two instead of their sum.
// The browser run prints as it goes; the server run's output is kept and printed whole once the browser run is
// done (never interleaved). The exit code is non-zero if either failed.
import { spawn } from 'node:child_process';

const vitest = (args, capture) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args], { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' } });
    let out = '';
    if (capture) {
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
    }
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });

const extra = process.argv.slice(2);
const unit = await vitest(['--project', 'unit', '--project', 'unit-isolated', ...extra], false);
if (unit.code !== 0) process.exit(unit.code);
const started = Date.now();
// Two lanes of about the same length: the server tests then the options page's browser tests, beside the other
// browser tests (widget, side panel, a11y…). Each vitest run has its own shared partykit dev, maildev and Chromium.
const OPTIONS_E2E = 'tests/e2e/options';
const serverLane = async () => {
  const server = await vitest(['--project', 'integration', '--project', 'security', ...extra], true);
  const options = await vitest(['--project', 'e2e', OPTIONS_E2E, ...extra], true);
  return { code: server.code || options.code, out: server.out + options.out };
};
const [lane, browser] = await Promise.all([serverLane(), vitest(['--project', 'e2e', '--exclude', `${OPTIONS_E2E}*`, ...extra], false)]);
process.stdout.write(lane.out);
console.log(`[test] server tests + options e2e exit ${lane.code}, other e2e exit ${browser.code}, side by side in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(lane.code || browser.code);
