import { describe, expect, test } from 'vitest';
import { findChromium, INSTALL_HINT } from '../helpers/find-chromium';

const only = (...paths: string[]) => (p: string) => paths.includes(p);

describe('findChromium', () => {
  test('CHROMIUM_PATH wins when it is executable', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/c/chrome', PATH: '/usr/bin' }, only('/opt/c/chrome', '/usr/bin/chromium'))).toBe('/opt/c/chrome');
  });

  test('a wrong CHROMIUM_PATH is an error, not silently replaced by another browser', () => {
    expect(() => findChromium({ CHROMIUM_PATH: '/nope/chrome' }, only('/usr/bin/chromium'))).toThrow(/CHROMIUM_PATH=\/nope\/chrome is not an executable/);
  });

  test('then the PATH, in the order of the usual command names', () => {
    expect(findChromium({ PATH: '/home/u/bin:/usr/local/bin' }, only('/usr/local/bin/google-chrome', '/usr/bin/chromium'))).toBe('/usr/local/bin/google-chrome');
  });

  test('then the usual install places', () => {
    expect(findChromium({ PATH: '' }, only('/snap/bin/chromium'))).toBe('/snap/bin/chromium');
    expect(findChromium({}, only('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'))).toMatch(/Google Chrome$/);
  });

  test('none anywhere: says what to install', () => {
    expect(() => findChromium({ PATH: '/usr/bin' }, () => false)).toThrow(INSTALL_HINT);
    expect(INSTALL_HINT).toMatch(/apt-get install chromium/);
  });
});
