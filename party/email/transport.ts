/**
 * The port the outbox sends through (smtp.ts is the only implementation that touches a socket; an HTTP email
 * API adapter would be another). Every value in it is already checked: addresses by `isStrictAddress`, header
 * values by `headerSafe` (compose.ts); `sendChecked` in outbox.ts does it before any transport sees it.
 */
export type OutgoingEmail = {
  from: { address: string; name: string };
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers: Message-ID, Auto-Submitted, List-Unsubscribe, List-Unsubscribe-Post. */
  headers: Record<string, string>;
};

/**
 * How a send ended. `sent`: the server took it (250 after the data). `retry`: it surely did not (refused
 * before the data with 4xx, or no connection), try again later. `refused`: a 5xx, don't try again. `unknown`:
 * the connection was lost after the message may have gone out: never sent again (at most once), shown as such.
 */
export type SendResult = { outcome: 'sent' } | { outcome: 'retry' | 'refused' | 'unknown'; message: string };

export interface EmailTransport {
  send(email: OutgoingEmail): Promise<SendResult>;
}

/** The SMTP reply code at the end of an error message ("… 550 5.1.1 No such user"), if any. */
export function smtpCodeOf(message: string): number | null {
  const m = /(?:^|\s)([245]\d\d)(?:[\s-]|$)/.exec(message);
  return m ? Number(m[1]) : null;
}

/**
 * How a failed SMTP send ended, from its error's words (worker-mailer throws Errors carrying the server's reply).
 * A 5xx is refused; a 4xx is surely not sent (retry). With no reply code (a socket error, a timeout) it depends
 * on when: before the session was up (connect, greeting, login) nothing was sent; after, the body may have gone
 * out with its 250 lost: unknown, never sent again (at most once).
 */
export function classifySmtpError(err: unknown, sessionUp: boolean): SendResult {
  const message = err instanceof Error ? err.message : String(err);
  const code = smtpCodeOf(message);
  if (code !== null && code >= 500) return { outcome: 'refused', message };
  if (code !== null && code >= 400) return { outcome: 'retry', message };
  return { outcome: sessionUp ? 'unknown' : 'retry', message };
}
