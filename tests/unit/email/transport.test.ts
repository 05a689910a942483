import { expect, test } from 'vitest';
import { classifySmtpError, smtpCodeOf } from '../../../party/email/transport';

// worker-mailer's own error texts (dist/index.mjs), with the server's reply appended.
test('SMTP errors: 5xx refused, 4xx retried, a lost connection before the session retried, after it unknown', () => {
  expect(smtpCodeOf('Invalid RCPT TO: <a@b.c> 550 5.1.1 User unknown')).toBe(550);
  expect(smtpCodeOf('Failed send email body: 451 4.3.0 try later')).toBe(451);
  expect(smtpCodeOf('Socket timeout!')).toBeNull();
  expect(classifySmtpError(new Error('Failed to plain authentication: 535 5.7.8 bad credentials'), false).outcome).toBe('refused');
  expect(classifySmtpError(new Error('Failed send email body: 552 too big'), true).outcome).toBe('refused');
  expect(classifySmtpError(new Error('Failed to send DATA: 421 4.7.0 closing'), true).outcome).toBe('retry');
  expect(classifySmtpError(new Error('Socket timeout!'), false).outcome).toBe('retry');
  expect(classifySmtpError(new Error('connect ECONNREFUSED 127.0.0.1:1025'), false).outcome).toBe('retry');
  // A port in the words is not a reply code.
  expect(classifySmtpError(new Error('connect ECONNREFUSED 10.0.0.1:587'), false).outcome).toBe('retry');
  expect(classifySmtpError(new Error('Timeout while waiting for smtp server response'), true).outcome).toBe('unknown');
});
