import type * as Party from 'partykit/server';

/** The default party serves nothing itself: rooms are `conversation` and `workspace`, assets come from `public/`. */
export default class Main implements Party.Server {
  constructor(readonly room: Party.Room) {}
  onConnect(conn: Party.Connection) {
    conn.close(4004, 'Use /parties/conversation/<id> or /parties/workspace/<id>');
  }
  onRequest() {
    return new Response('Not found', { status: 404 });
  }
}
