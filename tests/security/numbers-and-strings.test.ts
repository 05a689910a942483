import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_SETUP_KEY, startServer, type TestServer } from '../helpers/server';
import { Client, DEMO_ORIGIN, addAgent, clientId, onlineWorkspace, post, visitorContext } from '../helpers/clients';
import { Raw, rawRequest } from './lib';

// Issue 11 item 8: numbers finite and sane (timestamps between 2000-01-01 and now + 1 day), `1e309` → 400
// `invalid-field` (not 500), messages must contain a visible character (else `invalid-field`), names refuse
// control characters, NUL, bidi overrides (U+202A–U+202E, U+2066–U+2069) and lone surrogates.
let server: TestServer;
let w: Awaited<ReturnType<typeof onlineWorkspace>>;
let visitor: Raw;
let agentConv: Raw;
beforeAll(async () => {
  // Many creations here: the per-minute limit is not what this file attacks.
  server = await startServer({ vars: { BATON_CONVERSATIONS_PER_MINUTE: '100000' } });
  w = await onlineWorkspace(server);
  const created = await post(server, `/parties/workspace/${w.ws}/conversations`, creation([{ from: 'visitor', text: 'hi', at: Date.now() - 1000 }]), { origin: DEMO_ORIGIN });
  visitor = (await Raw.hello(server, 'conversation', created.body.conversationId, created.body.visitorToken)).raw;
  agentConv = (await Raw.hello(server, 'conversation', created.body.conversationId, w.adminToken)).raw;
  expect(await agentConv.request({ type: 'claim' })).toMatchObject({ type: 'ok' });
});
afterAll(async () => {
  for (const r of [visitor, agentConv]) r?.close();
  w?.admin.close();
  await server?.stop();
});

function creation(transcript: unknown[], answers: Record<string, string> = { topic: 'sales' }) {
  return { playbookId: w.playbookId, transcript, answers, context: visitorContext };
}
const DAY = 86_400_000;

describe('transcript timestamps: finite, after 2000-01-01, at most a day ahead', () => {
  const bad: [string, () => number][] = [
    ['1e300', () => 1e300],
    ['-1', () => -1],
    ['0', () => 0],
    ['1999-12-31T23:59:59.999Z', () => Date.UTC(1999, 11, 31, 23, 59, 59, 999)],
    ['now + 2 days', () => Date.now() + 2 * DAY],
    ['Number.MAX_SAFE_INTEGER', () => Number.MAX_SAFE_INTEGER],
    ['2.5 (not a time)', () => 2.5],
  ];
  for (const [name, at] of bad) {
    test(`at = ${name} is refused 400 invalid-field on conversation creation`, async () => {
      const res = await post(server, `/parties/workspace/${w.ws}/conversations`, creation([{ from: 'visitor', text: 'hi', at: at() }]), { origin: DEMO_ORIGIN });
      expect(res.status).toBe(400);
      expect(res.body?.code).toBe('invalid-field');
    });
  }
  test('at = 1e300 is refused on the offline submission too', async () => {
    const body = { playbookId: w.playbookId, submissionId: `sub-num-${Date.now().toString(36)}`, contact: { name: 'Olga' }, create: [], transcript: [{ from: 'visitor', text: 'hi', at: 1e300 }], answers: {}, context: visitorContext };
    const res = await post(server, `/parties/workspace/${w.ws}/offline`, body, { origin: DEMO_ORIGIN });
    expect(res.status).toBe(400);
    expect(res.body?.code).toBe('invalid-field');
  });
  test('a timestamp an hour ago is accepted (the check is not refusing everything)', async () => {
    const res = await post(server, `/parties/workspace/${w.ws}/conversations`, creation([{ from: 'visitor', text: 'hi', at: Date.now() - 3_600_000 }]), { origin: DEMO_ORIGIN });
    expect(res.status).toBe(201);
  });
});

describe('1e309 (Infinity once parsed) is a 400 invalid-field, never a 500', () => {
  const raw = (body: string, path: string) => rawRequest(server, `/parties/workspace/${w.ws}/${path}`, { headers: { 'content-type': 'application/json', origin: DEMO_ORIGIN, 'content-length': Buffer.byteLength(body) }, body });
  test('in a conversation transcript timestamp', async () => {
    const body = JSON.stringify(creation([{ from: 'visitor', text: 'hi', at: 1 }])).replace('"at":1', '"at":1e309');
    const res = await raw(body, 'conversations');
    expect(res.status).toBe(400);
    expect(res.body?.code).toBe('invalid-field');
  });
  test('negative: -1e309 in an offline transcript timestamp', async () => {
    const body = `{"playbookId":"${w.playbookId}","submissionId":"sub-inf-${Date.now().toString(36)}","contact":{"name":"Olga"},"create":[],"transcript":[{"from":"visitor","text":"hi","at":-1e309}],"answers":{},"context":${JSON.stringify(visitorContext)}}`;
    const res = await raw(body, 'offline');
    expect(res.status).toBe(400);
    expect(res.body?.code).toBe('invalid-field');
  });
  test('on a socket: 1e309 as a deal amount and as a seen seq is refused, the socket stays usable', async () => {
    agentConv.send('{"type":"update-details","ref":"inf1","patch":{"value":{"amount":1e309}}}');
    expect(await agentConv.next((f) => f.ref === 'inf1')).toMatchObject({ type: 'error', code: 'invalid-field' });
    const mark = visitor.frames.length;
    visitor.send('{"type":"seen","seq":1e309}');
    expect(await visitor.next((f) => f.type === 'error', 10_000, mark)).toMatchObject({ type: 'error' });
    expect(await visitor.roundTrip()).toBe('pong');
  });
});

describe('a message must contain a visible character', () => {
  const invisible: [string, string][] = [
    ['a zero-width space', '\u200b'],
    ['zero-width joiners and non-joiners', '\u200b\u200c\u200d'],
    ['word joiner and invisible separators', '\u2060\u2063\u2064'],
    ['a byte order mark and spaces', ' \ufeff '],
    ['whitespace only', ' \t\n '],
    ['a Hangul filler', '\u3164'],
  ];
  for (const [name, text] of invisible) {
    test(`${name}: refused invalid-field with the message id, nothing stored`, async () => {
      const id = clientId('inv');
      const answer = await visitor.request({ type: 'send', id, text });
      expect(answer).toMatchObject({ type: 'error', code: 'invalid-field', ref: id });
    });
  }
  test('a single visible character is a message', async () => {
    expect(await visitor.request({ type: 'send', id: clientId(), text: '\u200b.\u200b' })).toMatchObject({ type: 'ack' });
  });
});

describe('names refuse control characters, NUL, bidi overrides and lone surrogates', () => {
  const badNames: [string, string][] = [
    ['NUL', 'Eve\u0000Admin'],
    ['a bell control character', 'Eve\u0007'],
    ['an escape sequence', 'Eve\u001b[31m'],
    ['right-to-left override U+202E', 'Eve\u202Enimda'],
    ['left-to-right embedding U+202A', '\u202AEve'],
    ['first strong isolate U+2068', 'Eve\u2068x'],
    ['pop directional isolate U+2069', 'Eve\u2069'],
    ['a lone high surrogate', 'Eve\uD800'],
    ['a lone low surrogate', '\uDC00Eve'],
  ];
  const refusedHttp = (res: { status: number; body: any }) => {
    expect(res.status).toBe(400);
    expect(['invalid-field', 'invalid-frame']).toContain(res.body?.code);
  };
  const freshAdmin = async () => {
    const admin = new Client(server, 'workspace', w.ws);
    await admin.open(w.adminToken);
    return admin;
  };
  const refusedFrame = (a: any) => {
    expect(a.type).toBe('error');
    expect(['invalid-field', 'invalid-frame']).toContain(a.code);
  };
  for (const [what, name] of badNames) {
    describe(what, () => {
      test("the visitor's name at conversation creation", async () => {
        refusedHttp(await post(server, `/parties/workspace/${w.ws}/conversations`, creation([], { topic: 'sales', name }), { origin: DEMO_ORIGIN }));
      });
      test('the offline contact name and company', async () => {
        for (const contact of [{ name }, { name: 'Olga', company: name }]) {
          const body = { playbookId: w.playbookId, submissionId: `sub-nm-${clientId()}`, contact, create: [], transcript: [], answers: {}, context: visitorContext };
          refusedHttp(await post(server, `/parties/workspace/${w.ws}/offline`, body, { origin: DEMO_ORIGIN }));
        }
      });
      test("the first admin's name at setup", async () => {
        const res = await post(server, `/parties/workspace/ws-nm-${clientId()}/setup`, { name, email: 'eve@example.com' }, { 'x-baton-setup-key': TEST_SETUP_KEY });
        refusedHttp(res);
      });
      // A socket of its own per test: each socket's frame budget is 30 in a burst, and these tests send many.
      test('an agent name (create and rename)', async () => {
        const admin = await freshAdmin();
        refusedFrame(await admin.request({ type: 'agent-create', name, email: `${clientId().toLowerCase()}@example.com`, role: 'agent', manageLiveChat: false }));
        const agent = await addAgent(server, w.ws, admin, `Ann ${clientId()}`);
        refusedFrame(await admin.request({ type: 'agent-update', id: agent.id, name }));
        admin.close();
      });
      test('the person and organization names in the details', async () => {
        refusedFrame(await agentConv.request({ type: 'update-details', patch: { person: { name } } }));
        refusedFrame(await agentConv.request({ type: 'update-details', patch: { organization: { name } } }));
      });
      test("a playbook's name", async () => {
        const admin = await freshAdmin();
        refusedFrame(await admin.request({ type: 'playbook-create', name, template: 'blank' }));
        admin.close();
      });
    });
  }
  test('a name with accents, CJK, emoji and an Arabic name is accepted (the check is not refusing everything)', async () => {
    const res = await post(server, `/parties/workspace/${w.ws}/conversations`, creation([], { topic: 'sales', name: 'Zoë 山田 🙂 محمد' }), { origin: DEMO_ORIGIN });
    expect(res.status).toBe(201);
  });
});
