import type * as Party from 'partykit/server';
import { Limits } from '../../protocol';
import { secretOf } from '../auth';
import { crmEnv } from '../crm/settings';
import { numberVar, systemClock, type Env } from '../ports';
import { linkOf, roomIdOf, storageOf } from '../shell';
import { Workspace, type WorkspacePorts } from './core';
import { SHARED_CLIENT_KEY } from './blocks';
import { emailEnv } from './email';

function configFrom(env: Env): WorkspacePorts['config'] {
  const wait = numberVar(env, 'BATON_WAIT_SECONDS_OVERRIDE', NaN);
  return {
    setupKey: typeof env.BATON_SETUP_KEY === 'string' ? env.BATON_SETUP_KEY : undefined,
    sessionTtlMs: numberVar(env, 'BATON_SESSION_TTL_MS', Limits.sessionTtlMs),
    conversationsPerMinute: numberVar(env, 'BATON_CONVERSATIONS_PER_MINUTE', Limits.conversationsPerIpPerMinute),
    waitSecondsOverride: Number.isFinite(wait) ? wait : undefined,
    testClock: env.BATON_TEST_CLOCK === '1',
    helloGraceMs: numberVar(env, 'BATON_HELLO_GRACE_MS', Limits.helloGraceMs),
  };
}

/**
 * Which client a public request comes from, for rate limits. Only a header that the deployment says its
 * edge sets (BATON_CLIENT_ADDRESS_HEADER: `cf-connecting-ip` on Cloudflare, which overwrites what clients
 * send) is believed. Without one (`partykit dev`, which passes any client header through and exposes no
 * peer address) every client shares one bucket: a header can't buy more, at the price of one client being
 * able to use up the allowance of all in dev. README "Limits" says so.
 */
export function clientKeyOf(req: Request, env: Env): string {
  const header = typeof env.BATON_CLIENT_ADDRESS_HEADER === 'string' ? env.BATON_CLIENT_ADDRESS_HEADER.trim().toLowerCase() : '';
  const value = header ? req.headers.get(header)?.trim() : undefined;
  return value ? `addr:${value.slice(0, 64)}` : SHARED_CLIENT_KEY;
}

/** The stored copy of the room's own id (see shell.ts): written once the workspace exists. */
const SELF = 'room-id';

/** The PartyKit shell of a workspace room: it builds the ports and hands every event to `Workspace`. */
export default class WorkspaceRoom implements Party.Server {
  private workspace!: Workspace;

  constructor(readonly room: Party.Room) {}

  async onStart() {
    const storage = storageOf(this.room);
    const id = await roomIdOf(this.room, () => storage.get<string>(SELF));
    const env = this.room.env;
    this.workspace = new Workspace({
      id: id ?? '',
      storage,
      clock: systemClock,
      secret: secretOf(env),
      link: linkOf(this.room, env),
      crmEnv: crmEnv(env),
      emailEnv: emailEnv(env, typeof env.BATON_PUBLIC_URL === 'string' && env.BATON_PUBLIC_URL ? env.BATON_PUBLIC_URL.replace(/\/+$/, '') : null),
      // Loaded when a mail goes out: worker-mailer imports `cloudflare:sockets`, which only the Workers runtime has.
      emailTransport: (s, e) => ({
        send: async (mail) => {
          const { SmtpTransport } = await import('../email/smtp');
          return new SmtpTransport(s, { socketTimeoutMs: e.socketTimeoutMs, responseTimeoutMs: e.responseTimeoutMs }).send(mail);
        },
      }),
      config: configFrom(env),
      remember: async () => {
        if (id && (await storage.get<string>(SELF)) !== id) await storage.put(SELF, id);
      },
    });
    await this.workspace.start();
  }
  onConnect(conn: Party.Connection) {
    this.workspace.connect(conn);
  }
  onClose(conn: Party.Connection) {
    this.workspace.disconnect(conn);
  }
  onMessage(raw: string | ArrayBuffer | ArrayBufferView, conn: Party.Connection) {
    return this.workspace.message(conn, raw);
  }
  onRequest(req: Party.Request) {
    return this.workspace.request(req as unknown as Request, clientKeyOf(req as unknown as Request, this.room.env));
  }
  onAlarm() {
    return this.workspace.alarm();
  }
}
