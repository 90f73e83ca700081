import { describe, expect, it } from 'vitest';
import { main } from '../../../server/cli.ts';
import { runCli } from '../../support/cli.ts';

const run = (argv: string[]) => runCli((args, io) => main(args, io), argv);

describe('the parley command', () => {
  it('lists its commands on --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['serve', 'agent add', 'agent remove', 'analyze', 'eval', 'intents check']) expect(r.out).toContain(c);
  });

  it('refuses an unknown command with the usage and exit code 1', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('unknown command');
  });

  it('passes the remaining words to the sub-command', async () => {
    const r = await run(['agent', 'add', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--email');
  });
});
