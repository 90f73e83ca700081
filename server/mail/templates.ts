import type { Author, Locale } from '../../protocol/index.ts';
import { escapeHtml, htmlLines, safeLink } from './escape.ts';
import { mailString, type MailStringKey } from './strings.ts';

/** What a mail says, ready to render: built from an outbox row when it is sent (server/mail/compose.ts). */
export type MailContent =
  | { kind: 'reply'; agentName: string | null; question: string | null; replies: string[]; resumeUrl: string | null }
  | { kind: 'transcript'; lines: TranscriptLine[]; resumeUrl: string | null; timeZone: string | null }
  | { kind: 'left-message'; visitor: string; question: string | null; consoleUrl: string | null }
  | { kind: 'rating'; urls: string[] }
  | { kind: 'test' };

export interface TranscriptLine {
  author: Author;
  name: string | null;
  text: string;
  at: number;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const quoteText = (s: string) => s.split(/\r?\n/).map((l) => `> ${l}`).join('\n');
const para = (inner: string) => `<p style="margin:0 0 16px">${inner}</p>`;
const quoteHtml = (s: string) => `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #ccc;color:#555">${htmlLines(s)}</blockquote>`;
const button = (href: string, label: string) =>
  `<p style="margin:0 0 16px"><a href="${escapeHtml(href)}" style="display:inline-block;padding:10px 16px;border-radius:6px;background:#2563eb;color:#fff;text-decoration:none">${escapeHtml(label)}</a></p>`;

function page(locale: Locale, body: string): string {
  return (
    `<!doctype html><html lang="${locale === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>` +
    `<body style="margin:0;padding:24px;font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#111">${body}` +
    `<p style="margin:24px 0 0;font-size:12px;color:#666">${escapeHtml(mailString(locale, 'footer'))}</p></body></html>`
  );
}

/**
 * Plain text and simple HTML in the mail's language. Every string that comes from a person (messages,
 * names) is escaped in the HTML; links are http(s) only. Subjects hold no visitor text.
 */
export function renderMail(locale: Locale, content: MailContent): RenderedMail {
  const s = (key: MailStringKey, vars?: Record<string, string>) => mailString(locale, key, vars);
  const footer = `\n\n-- \n${s('footer')}\n`;
  switch (content.kind) {
    case 'reply': {
      const agent = content.agentName;
      const subject = agent ? s('replySubject', { agent }) : s('replySubjectAnon');
      const intro = agent ? s('replyIntro', { agent }) : s('replyIntroAnon');
      const introHtml = agent ? escapeHtml(mailString(locale, 'replyIntro', { agent: '\u0000' })).replace('\u0000', `<b>${escapeHtml(agent)}</b>`) : escapeHtml(intro);
      const link = safeLink(content.resumeUrl);
      const text = [
        intro,
        '',
        content.replies.join('\n\n'),
        ...(content.question ? ['', s('youAsked'), quoteText(content.question)] : []),
        '',
        link ? `${s('continueHint')}\n${link}` : s('noLink'),
      ].join('\n');
      const html = page(
        locale,
        para(introHtml) +
          content.replies.map((r) => para(htmlLines(r))).join('') +
          (content.question ? para(escapeHtml(s('youAsked'))) + quoteHtml(content.question) : '') +
          (link ? button(link, s('continue')) : para(escapeHtml(s('noLink')))),
      );
      return { subject, text: text + footer, html };
    }
    case 'transcript': {
      const when = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: content.timeZone ?? 'UTC' });
      const who = (l: TranscriptLine) => (l.author === 'visitor' ? s('you') : l.author === 'agent' ? (l.name ?? s('agent')) : s(l.author));
      const link = safeLink(content.resumeUrl);
      const text = [s('transcriptIntro'), '', ...content.lines.map((l) => `[${when.format(l.at)}] ${who(l)}:\n${l.text}\n`), ...(link ? [`${s('continueHint')}\n${link}`] : [])].join('\n');
      const rows = content.lines
        .map((l) => `<p style="margin:0 0 12px"><b>${escapeHtml(who(l))}</b> <span style="color:#666;font-size:12px">${escapeHtml(when.format(l.at))}</span><br>${htmlLines(l.text)}</p>`)
        .join('');
      const html = page(locale, para(escapeHtml(s('transcriptIntro'))) + rows + (link ? button(link, s('continue')) : ''));
      return { subject: s('transcriptSubject'), text: text + footer, html };
    }
    case 'left-message': {
      const link = safeLink(content.consoleUrl);
      const text = [s('leftIntro', { visitor: content.visitor }), '', ...(content.question ? [quoteText(content.question), ''] : []), ...(link ? [`${s('leftOpen')}: ${link}`, ''] : []), s('leftOptOut')].join('\n');
      const html = page(
        locale,
        para(escapeHtml(s('leftIntro', { visitor: content.visitor }))) +
          (content.question ? quoteHtml(content.question) : '') +
          (link ? button(link, s('leftOpen')) : '') +
          `<p style="margin:0;font-size:12px;color:#666">${escapeHtml(s('leftOptOut'))}</p>`,
      );
      return { subject: s('leftSubject'), text, html };
    }
    case 'rating': {
      const links = content.urls.map(safeLink).filter((u): u is string => u !== null);
      const label = (n: number) => (n === 1 ? s('star1') : s('starN', { n: String(n) }));
      const text = [s('ratingIntro'), '', ...links.map((u, i) => `${label(i + 1)}: ${u}`), '', s('ratingOnce')].join('\n');
      const stars = links
        .map((u, i) => `<a href="${escapeHtml(u)}" style="display:inline-block;margin:0 6px 6px 0;padding:8px 12px;border:1px solid #ccc;border-radius:6px;color:#111;text-decoration:none">${'★'.repeat(i + 1)} ${escapeHtml(label(i + 1))}</a>`)
        .join('');
      const html = page(locale, para(escapeHtml(s('ratingIntro'))) + `<p style="margin:0 0 16px">${stars}</p>` + para(escapeHtml(s('ratingOnce'))));
      return { subject: s('ratingSubject'), text: text + footer, html };
    }
    case 'test':
      return { subject: s('testSubject'), text: s('testBody') + footer, html: page(locale, para(escapeHtml(s('testBody')))) };
  }
}
