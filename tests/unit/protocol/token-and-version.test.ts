import { describe, expect, it } from 'vitest';
import { AgentClaims, CloseCode, decode, decodeValue, VisitorClientMessage, ErrorCode, Limits, PROTOCOL_VERSION, TokenClaims, VisitorClaims } from '../../../protocol';
import { refusal } from './fixtures';

const agent = { kind: 'agent', ws: 'ws', sub: 'agent-alice', name: 'Alice', role: 'agent', manageLiveChat: false, exp: 1_700_000_000_001 };
const visitor = { kind: 'visitor', ws: 'ws', conv: 'conv-1' };

describe('token claims', () => {
  it('accepts agent and visitor claims', () => {
    expect(decodeValue(TokenClaims, agent)).toEqual({ ok: true, value: agent });
    expect(decodeValue(TokenClaims, visitor)).toEqual({ ok: true, value: visitor });
  });

  it('a visitor token cannot claim agent powers or another room', () => {
    refusal(decodeValue(VisitorClaims, { ...visitor, role: 'admin' }), 'invalid-frame');
    refusal(decodeValue(VisitorClaims, { ...visitor, conv: undefined }), 'invalid-frame');
    refusal(decodeValue(TokenClaims, { ...visitor, kind: 'admin' }), 'invalid-frame');
  });

  it('agent claims need a known role and an expiry', () => {
    refusal(decodeValue(AgentClaims, { ...agent, role: 'owner' }), 'invalid-frame');
    const { exp: _e, ...noExp } = agent;
    refusal(decodeValue(AgentClaims, noExp), 'invalid-frame');
  });
});

describe('version and limits', () => {
  it('close codes are distinct and in the application range', () => {
    const codes = Object.values(CloseCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code >= 4000 && code <= 4999).toBe(true);
  });

  it('limits are coherent: a longest message always fits in a frame', () => {
    expect(Number.isInteger(PROTOCOL_VERSION) && PROTOCOL_VERSION >= 1).toBe(true);
    // A longest message made of characters JSON must escape (\u0001 → 6 chars on the wire) still fits a frame.
    for (const ch of ['"', '\\', '\u0001', '\n']) {
      const raw = JSON.stringify({ type: 'send', id: 'msg-00001', text: `a${ch.repeat(Limits.messageChars - 1)}` });
      expect(decode(VisitorClientMessage, raw).ok).toBe(true);
    }
    expect(Limits.rateBurst).toBeGreaterThanOrEqual(Limits.ratePerSecond);
  });

  it('error codes include every code the issue names', () => {
    for (const code of ['bad-json', 'binary-frame', 'frame-too-large', 'invalid-frame', 'unknown-type', 'unauthorized', 'forbidden', 'rate-limited', 'already-claimed', 'conversation-closed']) {
      expect(ErrorCode.options).toContain(code);
    }
  });
});
