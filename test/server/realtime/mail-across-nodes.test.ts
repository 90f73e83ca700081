import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Message } from '../../../protocol/index.ts';
import { startNodes } from '../../support/nodes.ts';
import { describeWithRedis, NO_REDIS, REDIS_URL } from '../../support/redis.ts';
import type { TestServer } from '../../support/server.ts';
import { recipients, startTestSmtp, type TestSmtp } from '../../support/smtp.ts';
import { ok, reachPerson, signIn } from '../desk-peers.ts';
import { connectVisitor, type AgentPeer, type VisitorPeer } from '../peers.ts';

// Mail with two nodes: whether the visitor is still here is asked of every node (a visitor on node A,
// the agent on node B), and each mail leaves once though both nodes run a sender.

let install: Awaited<ReturnType<typeof startNodes>> | undefined;
let smtp: TestSmtp;
let a: TestServer;
let b: TestServer;
const open: Array<AgentPeer | VisitorPeer> = [];

describeWithRedis(`mail on two nodes${NO_REDIS}`, () => {
  beforeAll(async () => {
    smtp = await startTestSmtp();
    install = await startNodes(2, { redisUrl: REDIS_URL!, name: 'mail-nodes', env: { PARLEY_SMTP_URL: smtp.url, PARLEY_MAIL_FROM: 'Shop <support@shop.test>', PARLEY_MAIL_REPLY_DELAY_S: '0' } });
    [a, b] = install.nodes as [TestServer, TestServer];
  });
  afterAll(async () => {
    for (const peer of open) peer.close();
    await install?.close();
    await smtp?.close();
  });

  it('mails a reply written on node B only when the visitor on node A has left, once', async () => {
    const ada = await signIn(b, 'Ada');
    open.push(ada);
    const visitor = await connectVisitor(a.url);
    open.push(visitor);
    await visitor.hello(null, { page: { url: 'https://shop.test/', title: 'Shop' } });
    await ok(visitor.emit('visitor:identify', { name: 'Mei', email: 'mei@example.com' }));
    const { conversationId } = await reachPerson(visitor, 'this is useless, I want a real person!!');

    await ok(ada.emit('message:send', { conversationId, clientId: randomUUID(), text: 'Here while you are here.' }));
    await visitor.events.next<Message>('message:new', (m) => m.text === 'Here while you are here.');
    expect(await b.store.listMail({ conversationId, limit: 5 })).toEqual([]);

    visitor.close();
    await ok(ada.emit('message:send', { conversationId, clientId: randomUUID(), text: 'Now by mail.' }));
    const mail = await smtp.find((m) => recipients(m).includes('mei@example.com'));
    expect(mail.text).toContain('Now by mail.');
    expect(mail.text).not.toContain('Here while you are here.');
    // Both nodes' senders look again: nothing more leaves.
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.filter((m) => recipients(m).includes('mei@example.com'))).toHaveLength(1);
    expect((await a.store.listMail({ conversationId, limit: 5 })).map((m) => m.status)).toEqual(['sent']);
  });
});
