import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USER_ID, serveDemoSite, userHashOf, type DemoSite } from '../../../scripts/demo-site.mjs';

let site: DemoSite | null = null;
afterEach(async () => {
  await site?.close();
  site = null;
});

describe('the demo site’s account page (the JavaScript API with identity verification)', () => {
  it("is signed by the demo site's server with the workspace's identity secret", async () => {
    const secret = 'a'.repeat(64);
    site = await serveDemoSite({ serverUrl: 'http://baton.test', workspace: 'ws', playbook: 'pb', identitySecret: async () => secret });
    const html = await (await fetch(`${site.url}/account.html`)).text();
    expect(userHashOf('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(html).toContain(`id: '${DEMO_USER_ID}'`);
    expect(html).toContain(`userHash: '${userHashOf(secret, DEMO_USER_ID)}'`);
    expect(html).toContain('window.Baton = window.Baton || function');
    expect(html).not.toContain(secret);
  });

  it('without a secret the user is identified as their own claim (no hash)', async () => {
    site = await serveDemoSite({ serverUrl: 'http://baton.test', workspace: 'ws', playbook: 'pb' });
    expect(await (await fetch(`${site.url}/account.html`)).text()).toContain("userHash: ''");
  });
});
