import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  /** smtp://127.0.0.1:<port> (no TLS, no auth): what PARLEY_SMTP_URL is set to. */
  url: string;
  port: number;
  /** Every mail received, parsed, in arrival order. */
  received: ParsedMail[];
  /** Resolves when `count` mails have arrived in all (rejects after `ms`). */
  waitFor(count: number, ms?: number): Promise<ParsedMail[]>;
  /** The first mail received (or arriving within `ms`) that matches. */
  find(match: (mail: ParsedMail) => boolean, ms?: number): Promise<ParsedMail>;
  /** Stops listening: connections are refused, as with a mail server that is down. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** A real SMTP server in the test process (smtp-server), on port 0; what arrives is parsed with mailparser. */
export async function startTestSmtp(opts: { refuse?: (address: string) => boolean } = {}): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  const waiters: Array<() => void> = [];
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // A mailbox that does not exist: a permanent 550, as real servers answer.
      onRcptTo(address, _session, callback) {
        if (opts.refuse?.(address.address)) return callback(Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 }));
        callback();
      },
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (mail) => {
            received.push(mail);
            for (const w of waiters.splice(0)) w();
            callback();
          },
          (err: Error) => callback(err),
        );
      },
    });
  let server = make();
  const listen = (port: number) => new Promise<number>((resolve, reject) => {
    const net = server.listen(port, '127.0.0.1', () => resolve((net.address() as AddressInfo).port));
    net.once('error', reject);
  });
  const port = await listen(0);
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    async waitFor(count, ms = 15_000) {
      const deadline = Date.now() + ms;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, got ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100).unref();
        });
      }
      return received.slice(0, count);
    },
    async find(match, ms = 15_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = received.find(match);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no such mail among ${received.length}: ${received.map((m) => m.subject).join(' | ')}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100).unref();
        });
      }
    },
    down: stop,
    async up() {
      server = make();
      await listen(port);
    },
    close: stop,
  };
}

/** The addresses a parsed mail was sent to. */
export const recipients = (mail: ParsedMail): string[] =>
  (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a: AddressObject) => a.value.map((v) => v.address ?? ''));
