import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_SECRET, startServer, type TestServer } from '../helpers/server';
import { onlineWorkspace, startConversation } from '../helpers/clients';
import { signToken, signedPost } from '../../party/auth';
import { CloseCode } from '../../protocol';
import { Raw, rawRequest, sleepUntil } from './lib';

// Issue 11 item 11: signatures are strict base64url (`+`, `/`, `=` refused); visitor tokens are refused
// BATON_VISITOR_TOKEN_AFTER_CLOSE_MS after their chat closed. (The setup key length: setup-key.test.ts.)
const AFTER_CLOSE_MS = 2_000;
let server: TestServer;
let w: Awaited<ReturnType<typeof onlineWorkspace>>;
let adminId: string;
let conv: { id: string; visitorToken: string };
beforeAll(async () => {
  server = await startServer({ vars: { BATON_VISITOR_TOKEN_AFTER_CLOSE_MS: String(AFTER_CLOSE_MS) } });
  w = await onlineWorkspace(server);
  adminId = w.admin.frames.find((f) => f.type === 'welcome')!.me.id;
  const created = await startConversation(server, w.ws, w.playbookId);
  conv = { id: created.body.conversationId, visitorToken: created.body.visitorToken };
});
afterAll(async () => {
  w?.admin.close();
  await server?.stop();
});

/** A token signed with the server's secret whose signature has a `-` or `_` (so it can be re-spelled). */
async function respellable(make: (n: number) => Promise<string>) {
  for (let n = 0; n < 500; n++) {
    const token = await make(n);
    const sig = token.split('.')[1]!;
    if (/[-_]/.test(sig)) return token;
  }
  throw new Error('no signature with - or _ in 500 tries');
}
const agentToken = () => respellable((n) => signToken(TEST_SECRET, { kind: 'agent', ws: w.ws, sub: adminId, name: 'Ada Admin', role: 'admin', manageLiveChat: true, exp: Date.now() + 3_600_000 + n }));
const visitorToken = async () => {
  // Visitor claims have no field to vary: only a fresh conversation gives another signature.
  for (let i = 0; i < 20; i++) {
    const c = await startConversation(server, w.ws, w.playbookId);
    if (/[-_]/.test(c.body.visitorToken.split('.')[1])) return { id: c.body.conversationId as string, token: c.body.visitorToken as string };
  }
  throw new Error('no visitor token signature with - or _');
};
const std = (token: string) => {
  const [body, sig] = token.split('.');
  return `${body}.${sig!.replace(/-/g, '+').replace(/_/g, '/')}`;
};
const padded = (token: string) => `${token}=`;

describe('signatures are strict base64url', () => {
  test('the same token, untouched, is accepted (control)', async () => {
    const { answer, raw } = await Raw.hello(server, 'workspace', w.ws, await agentToken());
    expect(answer.type).toBe('welcome');
    raw.close();
  });
  for (const [name, respell] of [['+ and / for - and _', std], ['= padding appended', padded]] as const) {
    test(`workspace hello: an agent token re-spelled with ${name} is refused 4001`, async () => {
      const { answer, raw } = await Raw.hello(server, 'workspace', w.ws, respell(await agentToken()));
      expect(answer).toMatchObject({ type: 'error', code: 'unauthorized' });
      expect((await raw.closed).code).toBe(CloseCode.unauthorized);
    });
    test(`conversation hello: an agent token re-spelled with ${name} is refused 4001`, async () => {
      const { answer, raw } = await Raw.hello(server, 'conversation', conv.id, respell(await agentToken()));
      expect(answer).toMatchObject({ type: 'error', code: 'unauthorized' });
      expect((await raw.closed).code).toBe(CloseCode.unauthorized);
    });
    test(`conversation hello: a visitor token re-spelled with ${name} is refused 4001`, async () => {
      const v = await visitorToken();
      const { answer, raw } = await Raw.hello(server, 'conversation', v.id, respell(v.token));
      expect(answer).toMatchObject({ type: 'error', code: 'unauthorized' });
      expect((await raw.closed).code).toBe(CloseCode.unauthorized);
    });
    test(`records export: a Bearer token re-spelled with ${name} is refused 401`, async () => {
      const res = await rawRequest(server, `/parties/workspace/${w.ws}/records?format=json`, { method: 'GET', headers: { authorization: `Bearer ${respell(await agentToken())}` } });
      expect(res.status).toBe(401);
    });
    test(`room-to-room: an x-baton-signature re-spelled with ${name} is refused 401`, async () => {
      let init: Awaited<ReturnType<typeof signedPost>> | null = null;
      for (let n = 0; n < 500 && !init; n++) {
        const s = await signedPost(TEST_SECRET, { party: 'workspace', id: w.ws }, { type: 'agent-lookup', agentId: adminId }, Date.now() - n);
        if (/[-_]/.test(s.headers['x-baton-signature'])) init = s;
      }
      const sig = init!.headers['x-baton-signature'];
      const bad = name.startsWith('=') ? `${sig}=` : sig.replace(/-/g, '+').replace(/_/g, '/');
      const headers = { ...init!.headers, 'x-baton-signature': bad, 'content-length': Buffer.byteLength(init!.body) };
      const res = await rawRequest(server, `/parties/workspace/${w.ws}/internal`, { headers, body: init!.body });
      expect(res.status).toBe(401);
      // Control: the signature as signed is taken.
      const ok = await rawRequest(server, `/parties/workspace/${w.ws}/internal`, { headers: { ...init!.headers, 'content-length': Buffer.byteLength(init!.body) }, body: init!.body });
      expect(ok.status).toBe(200);
    });
  }
});

describe('visitor tokens expire after the chat is closed', () => {
  test(`a visitor token is refused ${AFTER_CLOSE_MS} ms after its chat closed`, async () => {
    const c = await startConversation(server, w.ws, w.playbookId);
    const id = c.body.conversationId as string;
    const agent = await Raw.hello(server, 'conversation', id, w.adminToken);
    expect(await agent.raw.request({ type: 'claim' })).toMatchObject({ type: 'ok' });
    expect(await agent.raw.request({ type: 'close' })).toMatchObject({ type: 'ok' });
    const state = await agent.raw.next((f) => f.type === 'state' && f.conversation.status === 'closed');
    agent.raw.close();
    await sleepUntil(state.conversation.closedAt + AFTER_CLOSE_MS + 200); // the contract is about time
    // Then poll with a deadline: the first hello after the window that is refused passes.
    const deadline = Date.now() + 10_000;
    let last: any = null;
    while (Date.now() < deadline) {
      const v = await Raw.hello(server, 'conversation', id, c.body.visitorToken);
      last = v.answer;
      v.raw.close();
      if (last.type === 'error') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(last, 'the visitor token of a chat closed long ago still opens it').toMatchObject({ type: 'error', code: 'unauthorized' });
  });

  test('the visitor token of a chat still open keeps working after the same time (control)', async () => {
    await sleepUntil(Date.now() + AFTER_CLOSE_MS + 200);
    const v = await Raw.hello(server, 'conversation', conv.id, conv.visitorToken);
    expect(v.answer.type).toBe('welcome');
    v.raw.close();
  });
});
