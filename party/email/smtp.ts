import { LogLevel, WorkerMailer } from 'worker-mailer';
import type { EmailSettings } from './settings';
import { classifySmtpError as classify, type EmailTransport, type OutgoingEmail, type SendResult } from './transport';

/*
 * The SMTP transport: the only importer of worker-mailer (cloudflare:sockets). One connection per send (the
 * outbox sends few, spaced mails), always with time limits so a half-open socket cannot hang the room.
 */

export type SmtpLimits = { socketTimeoutMs: number; responseTimeoutMs: number };

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
