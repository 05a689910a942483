import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where Chromium (or Chrome) usually is, after `$CHROMIUM_PATH` and the `PATH`. */
const COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const USUAL = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export const INSTALL_HINT = [
  'The browser tests need Chromium (or Chrome) and found none.',
  '  Debian/Ubuntu: sudo apt-get install chromium   (this is what .ci/run does)',
  '  Fedora:        sudo dnf install chromium',
  '  macOS:         brew install --cask chromium',
  '  or point CHROMIUM_PATH at a Chromium or Chrome executable: CHROMIUM_PATH=/path/to/chrome npm test',
].join('\n');

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The Chromium the browser tests drive: `$CHROMIUM_PATH` when set (it must exist: a wrong value is an
 * error, never silently replaced), else the first of the usual commands on the `PATH`, else the usual
 * install paths. Throws with what to install when there is none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, isExecutable: (path: string) => boolean = executable): string {
  const wanted = env.CHROMIUM_PATH?.trim();
  if (wanted) {
    if (isExecutable(wanted)) return wanted;
    throw new Error(`CHROMIUM_PATH=${wanted} is not an executable file.\n${INSTALL_HINT}`);
  }
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => COMMANDS.map((c) => join(dir, c)));
  const found = [...onPath, ...USUAL].find(isExecutable);
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}
