import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { processConfig, type Config } from '../config.ts';
import { renderMail } from '../mail/templates.ts';
import { createSmtpTransport, messageIdFor } from '../mail/transport.ts';
import type { CliCommand, CliIO } from './io.ts';

const USAGE = `Usage: parley mail test --to ADDRESS [--locale en|zh]

Sends one test mail through the mail server in PARLEY_SMTP_URL, from PARLEY_MAIL_FROM, at once (not
through the outbox), and says what failed if it did: the connection, the sign-in, or the address.
`;

/** Where the mail server is, without the user name and password the URL may hold. */
function describeServer(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}`;
  } catch {
    return 'the mail server';
  }
}

/** The command with its configuration passed in, so tests run it against their own mail server. */
export async function mailTest(args: string[], io: CliIO, config: Config): Promise<number> {
  let values: { to?: string; locale?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { to: { type: 'string' }, locale: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (err) {
    io.stderr.write(`parley mail test: ${(err as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const to = values.to?.trim();
  if (!to) {
    io.stderr.write(`parley mail test: missing --to\n\n${USAGE}`);
    return 1;
  }
  if (!z.email().safeParse(to).success) {
    io.stderr.write(`parley mail test: "${to}" is not an e-mail address like you@example.com\n`);
    return 1;
  }
  const locale = values.locale === 'zh' ? 'zh' : 'en';
  if (!config.mail) {
    io.stderr.write('parley mail test: mail is off; set PARLEY_SMTP_URL (e.g. smtp://user:pass@mail.example.com:587) and PARLEY_MAIL_FROM (e.g. "Shop Support <support@shop.example>")\n');
    return 1;
  }
  const server = describeServer(config.mail.smtpUrl);
  const transport = createSmtpTransport(config.mail);
  try {
    await transport.verify();
    await transport.send({ ...renderMail(locale, { kind: 'test' }), to, messageId: messageIdFor(randomUUID(), config.mail.from) });
    io.stdout.write(`Sent a test mail to ${to} through ${server}, from ${config.mail.from}.\n`);
    return 0;
  } catch (err) {
    const e = err as Error & { code?: string; responseCode?: number; response?: string };
    const what = e.code === 'EAUTH' ? 'the mail server refused the user name or password' : e.code === 'EENVELOPE' ? 'the mail server refused an address' : 'the mail could not be sent';
    io.stderr.write(`parley mail test: ${what} (${server}): ${e.response ?? e.message}\n`);
    return 1;
  } finally {
    transport.close();
  }
}

export const run: CliCommand = (args, io) => mailTest(args, io, processConfig());
