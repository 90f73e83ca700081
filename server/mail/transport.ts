import { createTransport } from 'nodemailer';
import type { RenderedMail } from './templates.ts';

/** One mail on its way out; `messageId` is stable per outbox row, so a resend after a crash is the same mail. */
export interface OutgoingMail extends RenderedMail {
  to: string;
  messageId: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  /** Connects and authenticates without sending (parley mail test reports what fails). */
  verify(): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer, from PARLEY_SMTP_URL. Timeouts are short next to the outbox's claim (5 min):
 * a send that hangs fails and is retried, long before another node may take the row.
 */
export function createSmtpTransport({ smtpUrl, from }: { smtpUrl: string; from: string }): MailTransport {
  const transporter = createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    async send({ to, subject, text, html, messageId }) {
      await transporter.sendMail({ from, to, subject, text, html, messageId });
    },
    async verify() {
      await transporter.verify();
    },
    close() {
      transporter.close();
    },
  };
}

/** `<id@domain>` with the sender's domain, as mail servers expect of a Message-ID. */
export function messageIdFor(id: string, from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'parley.invalid';
  return `<${id}@${domain}>`;
}
