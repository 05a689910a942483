import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';

// "A room can only send a value of the protocol's server-message type for that audience": checked by the
// compiler on a fixture whose wrong frames are marked @ts-expect-error (an unused directive is an error).
test('a frame the protocol does not allow for an audience does not compile', () => {
  const tsc = resolve(__dirname, '../../../node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', resolve(__dirname, 'typed-sends/tsconfig.json')], { encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 60_000);
