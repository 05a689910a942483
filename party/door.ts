import { BatonError, CloseCode, Limits, type ErrorFrame } from '../protocol';
import { sendTo, type Clock, type Socket } from './ports';

/**
 * Strangers at a room's door: a socket has `graceMs` to say hello, and until it has sent one it may send
 * only small frames (Limits.preHelloFrameChars). A bigger one is refused unread and the refusal told once;
 * the socket is left to its deadline rather than closed at once, since a flooder would reconnect and cost the
 * room a new connection per frame (README, bench "Pre-hello flood"). Shared by both rooms.
 */
export class Door {
  private greeted = new Set<string>();
  private told = new Set<string>();

  constructor(
    private clock: Clock,
    private graceMs: number,
    /** Whether the socket got in (its hello was accepted). */
    private admitted: (socketId: string) => boolean,
  ) {}

  /** A socket opened: closed at the deadline unless admitted by then. */
  open(socket: Socket) {
    this.clock.setTimeout(() => {
      if (!this.admitted(socket.id)) socket.close(CloseCode.helloTimeout, 'No hello');
    }, this.graceMs);
  }

  /** Whether this frame may be read at all; if not, it was refused here. */
  lets(socket: Socket, raw: unknown): boolean {
    if (this.greeted.has(socket.id) || (typeof raw === 'string' && raw.length <= Limits.preHelloFrameChars)) return true;
    if (!this.told.has(socket.id)) {
      this.told.add(socket.id);
      sendTo<ErrorFrame>([socket], BatonError.of('frame-too-large', { code: 'hello-first', params: { max: Limits.preHelloFrameChars } }).toFrame());
    }
    return false;
  }

  /** The socket sent a hello (checked or not): from now on its frames are read. */
  greet(socketId: string) {
    this.greeted.add(socketId);
  }

  closed(socketId: string) {
    this.greeted.delete(socketId);
    this.told.delete(socketId);
  }
}
