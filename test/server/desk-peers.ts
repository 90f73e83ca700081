import type { AgentProfile, AgentRole, ConversationSummary, Message, VisitorConversation } from '../../protocol/index.ts';
import { afterAll, beforeAll } from 'vitest';
import { createAgent, startTestServer, type TestServer } from '../support/server.ts';
import { connectAgent, connectVisitor, login, type AgentPeer, type VisitorPeer } from './peers.ts';

// Scenarios the desk tests share: agents signed in through the real HTTP API, visitors who reach a person
// the way the widget does (a frustrated message, then the bot's own "Yes, connect me" quick reply).

export type SignedIn = AgentPeer & { profile: AgentProfile; cookie: string };

let agents = 0;

/** A new account (an agent unless `role` says, or it is the server's first), signed in, with a console socket open (so they count as online). */
export async function signIn(server: TestServer, name: string, role: AgentRole = 'agent'): Promise<SignedIn> {
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${++agents}@shop.test`;
  const profile = await createAgent(server, { email, password: 'a long password', name, role });
  const cookie = await login(server.url, email, 'a long password');
  const peer = await connectAgent(server.url, cookie);
  // The console is counted once its first event is answered (presence is written on connection).
  await peer.emit('queue:list', {});
  return Object.assign(peer, { profile, cookie });
}

export const ASK_FOR_PERSON = 'this is useless, I want a real person!!';

/**
 * A visitor (who said hello) asks for a person and accepts the bot's offer, if it makes one; resolves with
 * the conversation id and the visitor's view right after the handoff.
 */
export async function reachPerson(visitor: VisitorPeer, text = ASK_FOR_PERSON): Promise<{ conversationId: string; view: VisitorConversation }> {
  const ack = await visitor.send(text);
  if (!ack.ok) throw new Error(ack.error);
  const conversationId = ack.conversationId;
  const bot = await visitor.events.next<Message>('message:new', (m) => m.author === 'bot' && m.conversationId === conversationId && m.seq > ack.seq);
  const yes = bot.quickReplies.find((q) => q.value === 'handoff:yes');
  if (yes) {
    const accepted = await visitor.send(yes.label, { reply: yes.value });
    if (!accepted.ok) throw new Error(accepted.error);
  }
  const view = await visitor.events.next<VisitorConversation>('conversation:update', (c) => c.id === conversationId && c.status !== 'bot');
  return { conversationId, view };
}

/** A new visitor, said hello, handed to a person. */
export async function newHandoff(server: { url: string }, text = ASK_FOR_PERSON) {
  const visitor = await connectVisitor(server.url);
  const hello = await visitor.hello();
  if (!hello.ok) throw new Error(hello.error);
  const { conversationId, view } = await reachPerson(visitor, text);
  return { visitor, visitorId: hello.visitorId, token: hello.token, conversationId, view };
}

/** The next upsert of this conversation an agent sees, matching `test`. */
export const upsertOf = (agent: AgentPeer, conversationId: string, test: (c: ConversationSummary) => boolean = () => true) =>
  agent.events.next<ConversationSummary>('conversation:upsert', (c) => c.id === conversationId && test(c));

export async function ok<T>(res: Promise<({ ok: true } & T) | { ok: false; error: string }>): Promise<T> {
  const r = await res;
  if (!r.ok) throw new Error(`refused: ${r.error}`);
  return r;
}

/**
 * A server with signed-in agents for one test file: `desk.server`, `desk.agent('Ada')`. Started before
 * the file's tests, closed after them (with every socket the file registered through `desk.track`).
 */
export function deskFixture(opts: { agents: string[]; admins?: string[]; env?: Record<string, string> }) {
  let server: TestServer | null = null;
  const agents = new Map<string, SignedIn>();
  const tracked: Array<{ close(): void }> = [];
  beforeAll(async () => {
    server = await startTestServer({ env: opts.env });
    // The first account is an admin whatever it asks for; `admins` names others.
    for (const name of opts.agents) agents.set(name, await signIn(server, name, opts.admins?.includes(name) ? 'admin' : 'agent'));
  });
  afterAll(async () => {
    for (const peer of [...tracked.splice(0), ...agents.values()]) peer.close();
    await server?.close();
  });
  return {
    get server(): TestServer {
      if (!server) throw new Error('the desk fixture starts in beforeAll');
      return server;
    },
    agent(name: string): SignedIn {
      const peer = agents.get(name);
      if (!peer) throw new Error(`no agent ${name} in this fixture`);
      return peer;
    },
    /** Closes this peer when the file's tests are over. */
    track<T extends { close(): void }>(peer: T): T {
      tracked.push(peer);
      return peer;
    },
  };
}
