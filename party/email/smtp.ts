import { LogLevel, WorkerMailer } from 'worker-mailer';
import type { EmailSettings } from './settings';
import { smtpCodeOf, type EmailTransport, type OutgoingEmail, type SendResult } from './transport';

/*
 * The SMTP transport: the only importer of worker-mailer (cloudflare:sockets). One connection per send (the
 * outbox sends few, spaced mails), always with time limits so a half-open socket cannot hang the room.
 */

export type SmtpLimits = { socketTimeoutMs: number; responseTimeoutMs: number };

/** Which stage an error came from, from its words: a failure to connect or to log in is before any data. */
function classify(err: unknown, connected: boolean): SendResult {
  const message = err instanceof Error ? err.message : String(err);
  const code = smtpCodeOf(message);
  if (code !== null && code >= 500) return { outcome: 'refused', message };
  if (code !== null && code >= 400) return { outcome: 'retry', message };
  // No reply code: a socket error or a timeout. Before the session was up nothing was sent; after, the body
  // may have gone out with its 250 lost: at most once, never again.
  return { outcome: connected ? 'unknown' : 'retry', message };
}

export class SmtpTransport implements EmailTransport {
  constructor(
    private s: Pick<EmailSettings, 'host' | 'port' | 'tls' | 'user' | 'password'>,
    private limits: SmtpLimits,
  ) {}

  async send(email: OutgoingEmail): Promise<SendResult> {
    let mailer: WorkerMailer | null = null;
    try {
      mailer = await WorkerMailer.connect({
        host: this.s.host,
        port: this.s.port,
        secure: this.s.tls === 'tls',
        startTls: this.s.tls === 'starttls',
        ...(this.s.user ? { credentials: { username: this.s.user, password: this.s.password } } : {}),
        authType: ['plain', 'login'],
        // Its logs would carry addresses and server replies: the outbox logs what it needs, without them.
        logLevel: LogLevel.NONE,
        socketTimeoutMs: this.limits.socketTimeoutMs,
        responseTimeoutMs: this.limits.responseTimeoutMs,
      });
    } catch (err) {
      return classify(err, false);
    }
    try {
      await mailer.send({
        from: { name: email.from.name, email: email.from.address },
        to: email.to,
        ...(email.replyTo ? { reply: email.replyTo } : {}),
        subject: email.subject,
        text: email.text,
        html: email.html,
        headers: email.headers,
      });
      return { outcome: 'sent' };
    } catch (err) {
      return classify(err, true);
    } finally {
      await mailer.close().catch(() => undefined);
    }
  }
}
