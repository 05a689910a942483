import { CloseCode } from './version';

/**
 * The connection the client models see (the widget's ChatModel, the extension's RoomConnection), and
 * which closes end it. Implemented twice, because of the widget's size budget: `widget/socket.ts` (a
 * few hundred bytes around the browser's WebSocket) and `models/transport.ts` (partysocket). Both
 * reconnect by themselves, waiting `backoffDelay(attempt, SOCKET_BASE_MS, SOCKET_CAP_MS)`, and stop on a
 * fatal close; tests use `models/memory-transport.ts` (extension) and a fake room (widget).
 */
export interface Transport {
  /** Sends now when the connection is open; false (and the frame dropped) otherwise: the caller keeps it. */
  send(data: string): boolean;
  /** Listens to the connection; returns the unsubscribe. */
  subscribe(listener: TransportListener): () => void;
  /**
   * Connect again now rather than at the end of the backoff (the network came back, an alarm found the
   * socket down, a ping went unanswered): a live connection is dropped first. Works after a fatal close
   * too; after `close()` it does nothing.
   */
  reconnect(): void;
  /** Closes for good. */
  close(): void;
}

export type TransportListener = {
  /** Connected (again): the model says `hello` each time. */
  open?(): void;
  message?(data: string): void;
  /** Disconnected; `willRetry` is false after a fatal close (see isFatalClose) and after `close()`. */
  close?(code: number, willRetry: boolean): void;
};

/**
 * Closes after which reconnecting would be refused again: a client from another protocol version, a
 * token the room refused, a chat this agent lost, a chat that does not exist. The transports stop
 * there. Only a client that can get a new token (the extension, once) tries again by calling `reconnect()`.
 * Anything else (a network drop, a restart, 4002 no hello in time, 4005 too many sockets) is retried.
 */
export function isFatalClose(code: number): boolean {
  return code === CloseCode.versionMismatch || code === CloseCode.unauthorized || code === CloseCode.revoked || code === CloseCode.notFound;
}
