import type { AgentClaims, AgentRef, AgentServerMessage, CommonServerMessage, VisitorServerMessage } from '../../protocol';
import { sendTo, type Socket } from '../ports';

export type Visitor = { role: 'visitor' };
/** `overseeing`: an admin who opened a chat that is not theirs by the inbox rules (to watch or take it over). */
export type Agent = { role: 'agent'; agent: AgentRef; claims: AgentClaims; overseeing?: boolean; teams?: readonly string[] };
export type Member = Visitor | Agent;

/**
 * The sockets of a conversation room that said a valid `hello`, by audience. Sending goes through the
 * audience's frame type (protocol's VisitorServerMessage / AgentServerMessage), so a visitor can't be sent
 * an agent frame by mistake: the compiler refuses it. Each broadcast encodes its frame once.
 */
export class Peers {
  private members = new Map<string, { socket: Socket; member: Member }>();

  join(socket: Socket, member: Member) {
    this.members.set(socket.id, { socket, member });
  }
  /** Forgets a socket; answers who it was. */
  leave(id: string): Member | undefined {
    const m = this.members.get(id);
    this.members.delete(id);
    return m?.member;
  }
  get(id: string): Member | undefined {
    return this.members.get(id)?.member;
  }
  has(id: string) {
    return this.members.has(id);
  }

  *visitorSockets(): Iterable<Socket> {
    for (const { socket, member } of this.members.values()) if (member.role === 'visitor') yield socket;
  }
  *agents(): Iterable<{ socket: Socket; member: Agent }> {
    for (const { socket, member } of this.members.values()) if (member.role === 'agent') yield { socket, member };
  }
  *agentSockets(): Iterable<Socket> {
    for (const { socket } of this.agents()) yield socket;
  }
  visitorCount(): number {
    let n = 0;
    for (const { member } of this.members.values()) if (member.role === 'visitor') n++;
    return n;
  }

  toVisitor(socket: Socket, frame: VisitorServerMessage) {
    sendTo([socket], frame);
  }
  toAgent(socket: Socket, frame: AgentServerMessage) {
    sendTo([socket], frame);
  }
  /** A frame any audience may get, to one socket. */
  reply(socket: Socket, frame: CommonServerMessage) {
    sendTo([socket], frame);
  }
  toVisitors(frame: VisitorServerMessage) {
    sendTo(this.visitorSockets(), frame);
  }
  toAgents(frame: AgentServerMessage) {
    sendTo(this.agentSockets(), frame);
  }
  /** To every member but `except` (typing). */
  toOthers(frame: CommonServerMessage, except: string) {
    sendTo(this.socketsWhere((id) => id !== except), frame);
  }
  toAll(frame: CommonServerMessage) {
    sendTo(this.socketsWhere(() => true), frame);
  }

  private *socketsWhere(pick: (socketId: string) => boolean): Iterable<Socket> {
    for (const [id, m] of this.members) if (pick(id)) yield m.socket;
  }
}
