import { describe, expect, test } from 'vitest';
import { newEmailState, onceAllowed, transcriptAllowed, unseenAgentMessages, unseenDue, withAddress, TRANSCRIPT_SPACING_MS } from '../../../party/conversation/email-due';
import { emailDueNow, nextAlarm } from '../../../party/conversation/alarm';
import type { EmailPolicy, Entry, MessageEntry } from '../../../protocol';

const NOW = 1_800_000_000_000;
const policy: EmailPolicy = { on: true, delayMs: 300_000, unseenReplies: true, transcriptOnRequest: true, transcriptAtClose: true, missedNotice: true };
const msg = (seq: number, from: MessageEntry['from'], at = NOW): Entry => ({ kind: 'message', seq, id: `m${seq}`, from, text: `t${seq}`, at });
const withMail = withAddress(newEmailState(), 'Vera@Example.com', 'chat');

describe('unseen-reply email', () => {
  const log = [msg(1, 'bot'), msg(2, 'visitor'), msg(3, 'agent', NOW), msg(4, 'bot'), msg(5, 'agent', NOW + 1_000), { kind: 'event', seq: 6, id: 'e', event: 'joined', at: NOW } as Entry];
  test('gathers the agent messages after what was seen and what was emailed, never bot messages', () => {
    expect(unseenAgentMessages(log, 0, 0).map((m) => m.seq)).toEqual([3, 5]);
    expect(unseenAgentMessages(log, 3, 0).map((m) => m.seq)).toEqual([5]);
    expect(unseenAgentMessages(log, 0, 5)).toEqual([]);
  });
  test('due a delay after the last agent message (a burst is one email), or after the visitor left if later', () => {
    const unseen = unseenAgentMessages(log, 0, 0);
    expect(unseenDue(withMail, policy, unseen, false, NOW - 60_000)).toBe(NOW + 1_000 + policy.delayMs);
    expect(unseenDue(withMail, policy, unseen, false, NOW + 50_000)).toBe(NOW + 50_000 + policy.delayMs);
  });
  test('never while the visitor is here, without an address, after unsubscribing, or with the setting off', () => {
    const unseen = unseenAgentMessages(log, 0, 0);
    expect(unseenDue(withMail, policy, unseen, true, NOW)).toBeNull();
    expect(unseenDue(newEmailState(), policy, unseen, false, NOW)).toBeNull();
    expect(unseenDue({ ...withMail, stopped: true }, policy, unseen, false, NOW)).toBeNull();
    expect(unseenDue(withMail, { ...policy, unseenReplies: false }, unseen, false, NOW)).toBeNull();
    expect(unseenDue(withMail, { ...policy, on: false }, unseen, false, NOW)).toBeNull();
    expect(unseenDue(withMail, policy, [], false, NOW)).toBeNull();
  });
  test('the room wakes for it, with the other reasons (one alarm)', () => {
    const email = { ...withMail, due: NOW + 5_000 };
    expect(nextAlarm({ status: 'active', waitUntil: null, email }, NOW)).toBe(NOW + 5_000);
    expect(nextAlarm({ status: 'waiting', waitUntil: NOW + 1_000, email }, NOW)).toBe(NOW + 1_000);
    expect(nextAlarm({ status: 'closed', waitUntil: null, email: { ...email, due: NOW - 10 } }, NOW)).toBe(NOW);
    expect(nextAlarm({ status: 'closed', waitUntil: null, email: withMail }, NOW)).toBeNull();
    expect(emailDueNow({ email }, NOW)).toBe(false);
    expect(emailDueNow({ email }, NOW + 5_000)).toBe(true);
  });
});

describe('the address', () => {
  test('the first one given stays, lower-cased', () => {
    expect(withMail.address).toBe('vera@example.com');
    expect(withAddress(withMail, 'other@example.com', 'identity').address).toBe('vera@example.com');
  });
});

describe('transcripts and one-off emails', () => {
  test('on request: needs the setting, an address, and stays within 3 per chat, 1 per 5 minutes', () => {
    expect(transcriptAllowed(newEmailState(), policy, undefined, NOW)).toBe('email-needed');
    expect(transcriptAllowed(newEmailState(), policy, 'v@example.com', NOW)).toBeNull();
    expect(transcriptAllowed(withMail, { ...policy, transcriptOnRequest: false }, undefined, NOW)).toBe('email-off');
    expect(transcriptAllowed({ ...withMail, transcripts: [NOW - 1_000] }, policy, undefined, NOW)).toBe('transcript-limit');
    expect(transcriptAllowed({ ...withMail, transcripts: [NOW - TRANSCRIPT_SPACING_MS] }, policy, undefined, NOW)).toBeNull();
    expect(transcriptAllowed({ ...withMail, transcripts: [1, 2, 3] }, policy, undefined, NOW)).toBe('transcript-limit');
  });
  test('the missed notice and the transcript at close: once, each by its setting', () => {
    expect(onceAllowed(withMail, policy, 'missed')).toBe(true);
    expect(onceAllowed({ ...withMail, sent: ['missed'] }, policy, 'missed')).toBe(false);
    expect(onceAllowed(withMail, { ...policy, transcriptAtClose: false }, 'close')).toBe(false);
    expect(onceAllowed(newEmailState(), policy, 'missed')).toBe(false);
  });
});
