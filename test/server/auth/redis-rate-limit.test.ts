import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redisRateLimiters } from '../../../server/auth/redis-rate-limit.ts';
import { connectRedis } from '../../../server/redis/connect.ts';
import { startNodes } from '../../support/nodes.ts';
import { describeWithRedis, NO_REDIS, REDIS_URL, startPrivateRedis, uniquePrefix } from '../../support/redis.ts';
import { createAgent, type TestServer } from '../../support/server.ts';
import { connectVisitor, type VisitorPeer } from '../peers.ts';

// With PARLEY_REDIS_URL every node counts against one limit: an address (or a password guesser) gains
// nothing by landing on another node behind the load balancer.

const PASSWORD = 'a long password';
let install: Awaited<ReturnType<typeof startNodes>> | undefined;
let a: TestServer;
let b: TestServer;
const open: VisitorPeer[] = [];

const signIn = (server: TestServer, email: string, password: string) =>
  fetch(`${server.url}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

/** A new visitor's hello on this node: ok, or the refusal's code. */
async function newVisitor(server: TestServer): Promise<string> {
  const visitor = await connectVisitor(server.url);
  open.push(visitor);
  const hello = await visitor.hello();
  return hello.ok ? 'ok' : hello.error;
}

/** A socket to this node: connected, or the refusal's message. */
async function connection(server: TestServer): Promise<string> {
  try {
    open.push(await connectVisitor(server.url));
    return 'connected';
  } catch (err) {
    return (err as Error).message;
  }
}

describeWithRedis(`limits shared by two nodes${NO_REDIS}`, () => {
  beforeAll(async () => {
    // Every test client is 127.0.0.1: no exemption here, and each limit small enough to reach.
    install = await startNodes(2, {
      redisUrl: REDIS_URL!,
      name: 'shared-limits',
      env: { PARLEY_RATE_LIMIT_EXEMPT: '', PARLEY_LIMIT_VISITORS: '4', PARLEY_LIMIT_CONNECTIONS: '12' },
    });
    [a, b] = install.nodes as [TestServer, TestServer];
    await createAgent(a, { email: 'ada@shop.test', password: PASSWORD, name: 'Ada' });
  });
  afterAll(async () => {
    for (const peer of open) peer.close();
    await install?.close();
  });

  it('count the visitors one address creates on either node against one limit', async () => {
    expect([await newVisitor(a), await newVisitor(b), await newVisitor(a), await newVisitor(b)]).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect([await newVisitor(a), await newVisitor(b)]).toEqual(['rate_limited', 'rate_limited']);
  });

  it('count the connections one address opens on either node against one limit', async () => {
    // Six were opened by the case above; six more, alternating nodes, fill the limit of twelve.
    for (let i = 0; i < 6; i++) expect(await connection(i % 2 ? a : b)).toBe('connected');
    expect([await connection(a), await connection(b)]).toEqual(['rate_limited', 'rate_limited']);
  });

  it("count wrong passwords for one account on either node: a guesser gains nothing from a second node", async () => {
    for (let i = 0; i < 10; i++) expect((await signIn(i % 2 ? a : b, 'ada@shop.test', 'wrong guess')).status).toBeOneOf([401, 429]);
    // Ten wrong on two nodes empty the account's one bucket: the right password waits too.
    const res = await signIn(a, 'ada@shop.test', PASSWORD);
    expect([res.status, await res.json()]).toEqual([429, { ok: false, error: 'rate_limited' }]);
  });
});

describeWithRedis(`limits while Redis is away${NO_REDIS}`, () => {
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterAll(() => redis?.stop());

  it('still hold on each node, neither refusing everyone nor letting a flood through, and are shared again once it is back', async () => {
    const log = pino({ level: 'silent' });
    const prefix = uniquePrefix('outage');
    const [one, two] = await Promise.all([connectRedis(redis.url, log), connectRedis(redis.url, log)]);
    try {
      const nodeOne = redisRateLimiters(one, prefix)('visitors', { capacity: 3, perSecond: 3 / 60 });
      const nodeTwo = redisRateLimiters(two, prefix)('visitors', { capacity: 3, perSecond: 3 / 60 });
      expect(await nodeOne.take('203.0.113.9')).toBe(true);

      await redis.stop();
      // Each node alone: its own three, then no more.
      const alone = async (limiter: typeof nodeOne) => [await limiter.take('203.0.113.9'), await limiter.take('203.0.113.9'), await limiter.take('203.0.113.9'), await limiter.take('203.0.113.9')];
      expect(await alone(nodeOne)).toEqual([true, true, true, false]);
      expect(await alone(nodeTwo)).toEqual([true, true, true, false]);

      await redis.start();
      // Until both clients are ready again, the limiters rightly keep counting alone.
      while (!one.isReady || !two.isReady) await new Promise((r) => setTimeout(r, 50));
      // Redis came back empty: one shared count again, three for both nodes together.
      const shared = [await nodeOne.take('203.0.113.7'), await nodeTwo.take('203.0.113.7'), await nodeOne.take('203.0.113.7'), await nodeTwo.take('203.0.113.7')];
      expect(shared).toEqual([true, true, true, false]);
    } finally {
      one.destroy();
      two.destroy();
    }
  });
});
