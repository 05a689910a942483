import type { WorkspaceServerMessage } from '../../protocol';
import { sendTo, type Socket } from '../ports';

type Seat = { socket: Socket; agentId: string; expiresAt: number };

/**
 * The agents' workspace sockets, by agent: presence (an agent is connected while one of their sockets is)
 * and the one typed way to send them frames (WorkspaceServerMessage only; each frame encoded once).
 */
export class AgentSockets {
  private seats = new Map<string, Seat>();

  add(socket: Socket, agentId: string, expiresAt: number) {
    this.seats.set(socket.id, { socket, agentId, expiresAt });
  }
  /** Forgets a socket; answers the agent it belonged to. */
  remove(socketId: string): string | undefined {
    const s = this.seats.get(socketId);
    this.seats.delete(socketId);
    return s?.agentId;
  }
  agentOf(socketId: string): string | undefined {
    return this.seats.get(socketId)?.agentId;
  }
  seat(socketId: string): Seat | undefined {
    return this.seats.get(socketId);
  }
  connected(agentId: string): boolean {
    for (const s of this.seats.values()) if (s.agentId === agentId) return true;
    return false;
  }
  /** Each connected agent once. */
  agentIds(): Set<string> {
    return new Set([...this.seats.values()].map((s) => s.agentId));
  }
  *socketsOf(agentId: string): Iterable<Socket> {
    for (const s of this.seats.values()) if (s.agentId === agentId) yield s.socket;
  }
  *all(): Iterable<{ socket: Socket; agentId: string }> {
    yield* this.seats.values();
  }

  send(socket: Socket, frame: WorkspaceServerMessage) {
    sendTo([socket], frame);
  }
  toAgent(agentId: string, frame: WorkspaceServerMessage) {
    sendTo(this.socketsOf(agentId), frame);
  }
  toAll(frame: WorkspaceServerMessage) {
    this.toSome(() => true, frame);
  }
  /** To the sockets of agents `pick` chooses. */
  toSome(pick: (agentId: string) => boolean, frame: WorkspaceServerMessage) {
    sendTo(
      (function* (seats: Map<string, Seat>) {
        for (const s of seats.values()) if (pick(s.agentId)) yield s.socket;
      })(this.seats),
      frame,
    );
  }
}
