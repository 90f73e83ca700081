import { afterEach, describe, expect, it } from 'vitest';
import { mailTest } from '../../../server/cli/mail-test.ts';
import { loadConfig } from '../../../server/config.ts';
import { runCli } from '../../support/cli.ts';
import { recipients, startTestSmtp, type TestSmtp } from '../../support/smtp.ts';

// `parley mail test --to ADDRESS`: a merchant checks their mail settings before a visitor depends on them.

let smtp: TestSmtp | null = null;
afterEach(async () => {
  await smtp?.close();
  smtp = null;
});

const withMail = (url: string) => loadConfig({ PARLEY_SMTP_URL: url, PARLEY_MAIL_FROM: 'Shop Support <support@shop.test>' });
const run = (args: string[], config = withMail(smtp!.url)) => runCli((a, io) => mailTest(a, io, config), args);

describe('parley mail test', () => {
  it('sends a test mail and says where it went', async () => {
    smtp = await startTestSmtp();
    const { code, out } = await run(['--to', 'owner@shop.test']);
    expect(code).toBe(0);
    expect(out).toBe(`Sent a test mail to owner@shop.test through smtp://127.0.0.1:${smtp.port}, from Shop Support <support@shop.test>.\n`);
    const mail = await smtp.find((m) => recipients(m).includes('owner@shop.test'));
    expect(mail.subject).toBe('Parley mail test');
  });

  it('says what failed, without the password, when the mail server cannot be reached', async () => {
    smtp = await startTestSmtp();
    await smtp.down();
    const { code, err } = await run(['--to', 'owner@shop.test'], withMail(`smtp://user:s3cret@127.0.0.1:${smtp.port}`));
    expect(code).toBe(1);
    expect(err).toMatch(new RegExp(`^parley mail test: the mail could not be sent \\(smtp://127\\.0\\.0\\.1:${smtp.port}\\): .*ECONNREFUSED`));
    expect(err).not.toContain('s3cret');
  });

  it('refuses a malformed address, and says how to turn mail on when it is off', async () => {
    smtp = await startTestSmtp();
    expect(await run(['--to', 'owner at shop'])).toMatchObject({ code: 1, err: 'parley mail test: "owner at shop" is not an e-mail address like you@example.com\n' });
    const off = await runCli((a, io) => mailTest(a, io, loadConfig({})), ['--to', 'owner@shop.test']);
    expect(off.code).toBe(1);
    expect(off.err).toMatch(/mail is off; set PARLEY_SMTP_URL .* and PARLEY_MAIL_FROM/);
    expect(smtp.received).toEqual([]);
  });
});
