import type { ConversationSummary } from '../../protocol/conversation.ts';
import type { VisitorProfile } from '../../protocol/visitor.ts';
import { visitorName, when } from '../format.ts';
import { now } from '../now.ts';
import { toLink } from '../../widget/app/links.ts';
import { Isolated } from './Isolated.tsx';
import { VerifiedMark } from './VerifiedMark.tsx';

/** The page address comes from the visitor's browser: linked only by the rules messages follow (links.ts). */
function PageLink({ url }: { url: string }) {
  const link = toLink(url);
  return link ? (
    <a href={link.href} target="_blank" rel="noopener noreferrer nofollow" dir="ltr">
      {link.text}
    </a>
  ) : (
    <Isolated text={url} />
  );
}

const DEVICE = { desktop: 'computer', mobile: 'phone', tablet: 'tablet' } as const;

/** The visitor's wall clock, from their browser's time zone: "Tue 21:05 (Europe/Berlin)". */
function localTime(timeZone: string, at: number): string | null {
  try {
    return `${new Intl.DateTimeFormat([], { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(at)} (${timeZone})`;
  } catch {
    return null; // a zone this browser does not know
  }
}

function device(v: VisitorProfile): string | null {
  const parts = [v.browser, v.os && `on ${v.os}`, v.device && `(${DEVICE[v.device]})`].filter(Boolean);
  return parts.length ? parts.join(' ') : null;
}

/** Who the visitor says they are, where they are and on what. */
export function VisitorCard({ c }: { c: ConversationSummary }) {
  const v = c.visitor;
  const time = v.timeZone ? localTime(v.timeZone, now.value) : null;
  return (
    <section aria-labelledby="visitor-title">
      <h2 id="visitor-title">Visitor</h2>
      <dl>
        <dt>Name</dt>
        <dd>
          <Isolated text={visitorName(v)} /> <VerifiedMark v={v} />
        </dd>
        <dt>Email</dt>
        <dd>{v.email ? <Isolated text={v.email} /> : '—'}</dd>
        {v.externalId ? (
          <>
            <dt>User ID</dt>
            <dd>
              <Isolated text={v.externalId} />
            </dd>
          </>
        ) : (
          (v.name || v.email) && <dd class="hint">As given by the visitor or the shop's page; not verified.</dd>
        )}
        <dt>Page</dt>
        <dd>
          {v.page ? (
            <>
              {v.page.title && (
                <span class="page-title">
                  <Isolated text={v.page.title} />
                </span>
              )}
              <PageLink url={v.page.url} />
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>Device</dt>
        <dd>{device(v) ?? '—'}</dd>
        <dt>Local time</dt>
        <dd>{time ?? '—'}</dd>
        <dt>Last seen</dt>
        <dd>{v.lastSeenAt ? when(v.lastSeenAt, now.value) : '—'}</dd>
        <dt>Language</dt>
        <dd>{c.locale === 'zh' ? 'Chinese' : 'English'}</dd>
      </dl>
    </section>
  );
}
