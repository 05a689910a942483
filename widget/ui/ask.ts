import { randomId } from '../api';
import type { ChatModel } from '../chat-model';

/** The room's answer to a command: null is `ok`; else the error's code and problem code (`offline`: not sent, or the link dropped first). */
export type Answer = null | { code: string; problem?: string | undefined };

const waiting = new WeakMap<ChatModel, Map<string, (answer: Answer) => void>>();

/**
 * Sends a visitor command (`transcript-request`, `rate`) with a fresh ref and resolves with the room's answer for
 * that ref: `ok` (null) or the error frame's code and problem code. Not connected, or the link dropping before the
 * answer: `offline` (the room may or may not have it; both commands are safe to repeat, the room limits them).
 */
export function ask(chat: ChatModel, frame: object): Promise<Answer> {
  let asked = waiting.get(chat);
  if (!asked) {
    const all = new Map<string, (answer: Answer) => void>();
    waiting.set(chat, (asked = all));
    const settle = (ref: string | undefined, answer: Answer) => {
      const resolve = all.get(ref!);
      all.delete(ref!);
      resolve?.(answer);
    };
    chat.onFrame = (f) => {
      if (f.type === 'ok') settle(f.ref, null);
      if (f.type === 'error') settle(f.ref, { code: f.code, problem: f.problem?.code });
    };
    chat.link.subscribe((link) => {
      if (link !== 'online') for (const ref of [...all.keys()]) settle(ref, { code: 'offline' });
    });
  }
  if (chat.link.value !== 'online') return Promise.resolve({ code: 'offline' });
  const ref = randomId();
  chat.raw({ ...frame, ref });
  const map = asked;
  return new Promise((resolve) => map.set(ref, resolve));
}
