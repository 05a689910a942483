import { createHmac } from 'node:crypto';
import { Client, DEMO_ORIGIN, post, visitorContext } from './clients';
import type { PanelEnv } from './extension-panel';

/**
 * Issue 14's visitor as a site and its widget would be, driven straight at the server: chats of one browser
 * (the widget's anonymous visitor id), identified with the hash the site's server computes from the workspace's
 * identity secret, page views, drafts. `admin` is the workspace admin's own socket (settings, closing a chat).
 */
export async function visitorChats(env: PanelEnv) {
  const admin = new Client(env.server, 'workspace', env.setup.ws);
  await admin.open(env.setup.adminToken);
  const identity = admin.next((f) => f.type === 'identity');
  admin.send({ type: 'identity-get', ref: 'identity' });
  const secret = (await identity).identity.secret as string;
  const sockets: Client[] = [admin];

  return {
    admin,
    userHash: (id: string) => createHmac('sha256', secret).update(id).digest('hex'),
    async typingPreview(on: boolean) {
      const ok = await admin.request({ type: 'visitor-settings-save', settings: { typingPreview: on } });
      if (ok.type !== 'ok') throw new Error(`visitor-settings-save: ${JSON.stringify(ok)}`);
    },
    /** POSTs a new chat as the widget would; the raw answer (a blocked visitor gets 503). */
    create(visitorId: string, name: string, context: object = visitorContext) {
      return post(
        env.server,
        `/parties/workspace/${env.setup.ws}/conversations`,
        { playbookId: env.setup.playbookId, visitorId, transcript: [{ from: 'visitor', text: 'Talk to sales', at: Date.now() }], answers: { name }, context },
        { origin: DEMO_ORIGIN },
      );
    },
    /** A chat of this browser, identified (verified when `verify`), its visitor socket open. */
    async chat(visitorId: string, name: string, identify: { id: string; name?: string; email?: string; verify: boolean }, context?: object) {
      const created = await this.create(visitorId, name, context);
      if (created.status !== 201) throw new Error(`conversation: ${JSON.stringify(created)}`);
      const { conversationId, visitorToken } = created.body as { conversationId: string; visitorToken: string };
      const { verify, ...fields } = identify;
      const said = await post(env.server, `/parties/workspace/${env.setup.ws}/identify`, { conversationId, visitorToken, identity: { ...fields, ...(verify ? { userHash: this.userHash(identify.id) } : {}) } }, { origin: DEMO_ORIGIN });
      if (said.status !== 200 || said.body.verified !== verify) throw new Error(`identify: ${JSON.stringify(said)}`);
      const visitor = new Client(env.server, 'conversation', conversationId);
      await visitor.open(visitorToken);
      sockets.push(visitor);
      return { id: conversationId, visitor };
    },
    /** The admin takes the chat and closes it (an earlier conversation of the visitor). */
    async close(conversationId: string) {
      const agent = new Client(env.server, 'conversation', conversationId);
      await agent.open(env.setup.adminToken);
      for (const type of ['claim', 'close']) {
        const ok = await agent.request({ type });
        if (ok.type !== 'ok') throw new Error(`${type}: ${JSON.stringify(ok)}`);
      }
      agent.close();
    },
    stop() {
      for (const s of sockets) s.close();
    },
  };
}
