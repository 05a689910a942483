// Compiled by typed-sends.test.ts: every line marked @ts-expect-error must be a compile error. If one of these
// wrong frames ever compiles, tsc reports the unused directive and the test fails.
import { Peers } from '../../../../party/conversation/peers';
import { AgentSockets } from '../../../../party/workspace/sockets';
import { emptyDetails } from '../../../../protocol';

declare const socket: { id: string; send(d: string): void; close(): void };
const peers = new Peers();
const sockets = new AgentSockets();

// Right frames for each audience compile.
peers.toVisitor(socket, { type: 'ack', id: 'm1', seq: 1 });
peers.toAgent(socket, { type: 'details', details: emptyDetails() });
peers.toAgents({ type: 'presence', visitor: 'here', since: 1 });
sockets.send(socket, { type: 'pong' });

// A visitor is never sent an agent's frame.
// @ts-expect-error details are for agents
peers.toVisitor(socket, { type: 'details', details: emptyDetails() });
// @ts-expect-error presence is for agents
peers.toVisitors({ type: 'presence', visitor: 'here', since: 1 });
// @ts-expect-error the agent view of the state is for agents
peers.toVisitors({ type: 'state', role: 'agent', conversation: {} as never });
// @ts-expect-error a frame both audiences may get: not details
peers.reply(socket, { type: 'details', details: emptyDetails() });
// A conversation frame is not a workspace frame, and a misspelt field is caught.
// @ts-expect-error not a workspace frame
sockets.send(socket, { type: 'ack', id: 'm1', seq: 1 });
// @ts-expect-error no such field
peers.toAgent(socket, { type: 'ack', id: 'm1', sequence: 1 });
