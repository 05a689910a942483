import { describe, expect, it } from 'vitest';
import { demoOrigins, followPort } from '../../../scripts/demo-origins.mjs';

// `PORT=<n> npm start` on a checkout that ran on another port: the demo playbook's Allowed sites follow (issue 12).
describe('the demo playbook follows npm start’s port', () => {
  const on2000 = demoOrigins(2000);
  const on3001 = demoOrigins(3001);

  it('the demo site is allowed on both loopback names', () => {
    expect(on3001).toEqual(['http://127.0.0.1:3001', 'http://localhost:3001']);
  });

  it('same port: nothing to save', () => {
    expect(followPort(on2000, on2000, on2000)).toBeNull();
    expect(followPort([...on2000, 'https://shop.example'], on2000, on2000)).toBeNull();
  });

  it('another port: the origins set before give way to this port’s; the sites an admin added stay', () => {
    expect(followPort([...on2000, 'https://shop.example'], on2000, on3001)).toEqual(['https://shop.example', ...on3001]);
    // An admin's own loopback site is kept when the checkout recorded what it had set.
    expect(followPort([...on2000, 'http://localhost:8080'], on2000, on3001)).toEqual(['http://localhost:8080', ...on3001]);
  });

  it('a checkout from before the record: every loopback origin is taken as an earlier start’s', () => {
    expect(followPort([...on2000, 'https://shop.example'], undefined, on3001)).toEqual(['https://shop.example', ...on3001]);
    expect(followPort(on3001, undefined, on3001)).toBeNull();
  });

  it('the demo origins removed by hand come back', () => {
    expect(followPort(['https://shop.example'], on3001, on3001)).toEqual(['https://shop.example', ...on3001]);
  });
});
