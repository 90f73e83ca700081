import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { MAX_COMMENT_CHARS, type Locale } from '../../protocol/index.ts';
import type { MailRatings } from '../desk/rating.ts';
import { escapeHtml } from '../mail/escape.ts';
import { mailString, type MailStringKey } from '../mail/strings.ts';
import { pageHeaders } from './security.ts';

export interface RatingPagesDeps {
  /** The conversation a rating link's token names, or null (forged, expired). */
  verify(token: string): string | null;
  ratings(): MailRatings;
}

const RateSchema = z.object({
  score: z.coerce.number().int().min(1).max(5),
  comment: z.string().trim().max(MAX_COMMENT_CHARS).optional(),
});

function page(res: Response, status: number, locale: Locale | null, body: string): void {
  const lang = locale === 'zh' ? 'zh-CN' : 'en';
  const title = locale ? mailString(locale, 'rateTitle') : `${mailString('en', 'rateTitle')} · ${mailString('zh', 'rateTitle')}`;
  res
    .status(status)
    .type('html')
    .set('Cache-Control', 'no-store')
    // The token is in the path: never passed on to another site.
    .set('Referrer-Policy', 'no-referrer')
    .send(
      `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">` +
        `<title>${escapeHtml(title)}</title></head><body style="font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">` +
        `<h1 style="font-size:1.4rem">${escapeHtml(title)}</h1>${body}</body></html>`,
    );
}

const message = (locale: Locale | null, key: MailStringKey) =>
  `<p role="status">${escapeHtml(locale ? mailString(locale, key) : `${mailString('en', key)} ${mailString('zh', key)}`)}</p>`;

/**
 * The follow-up mail's rating links. Opening one (GET) records nothing — mail scanners open links — it
 * shows the chosen score to confirm; the POST records it, through the same path as the chat's form. A
 * conversation rated already (in the chat, or by this link) says so and changes nothing.
 */
export function ratingPages({ verify, ratings }: RatingPagesDeps): Router {
  const router = Router();
  router.use('/rate', pageHeaders());

  router.get('/rate/:token', async (req, res) => {
    const id = verify(req.params.token);
    const view = id ? await ratings().view(id) : null;
    if (!id || !view) return page(res, 404, null, message(null, 'rateExpired'));
    const { locale, state } = view;
    if (state !== 'open') return page(res, 200, locale, message(locale, state === 'rated' ? 'rateAlready' : 'rateClosed'));
    const chosen = RateSchema.shape.score.safeParse(req.query.score);
    const s = (key: MailStringKey, vars?: Record<string, string>) => escapeHtml(mailString(locale, key, vars));
    const stars = [1, 2, 3, 4, 5]
      .map(
        (n) =>
          `<label style="display:block;margin:4px 0"><input type="radio" name="score" value="${n}"${chosen.success && chosen.data === n ? ' checked' : ''} required> ${'★'.repeat(n)} ${s(n === 1 ? 'star1' : 'starN', { n: String(n) })}</label>`,
      )
      .join('');
    page(
      res,
      200,
      locale,
      `<p>${s('rateAsk')}</p><form method="post" action="/rate/${encodeURIComponent(req.params.token)}">` +
        `<fieldset style="border:0;padding:0;margin:0 0 12px"><legend style="position:absolute;left:-9999px">${s('rateTitle')}</legend>${stars}</fieldset>` +
        `<label for="comment" style="display:block;font-weight:600">${s('rateComment')}</label>` +
        `<textarea id="comment" name="comment" rows="3" maxlength="${MAX_COMMENT_CHARS}" style="width:100%;font:inherit"></textarea>` +
        `<p><button type="submit" style="font:inherit;padding:8px 16px">${s('rateSend')}</button></p></form>`,
    );
  });

  router.post('/rate/:token', express.urlencoded({ extended: false, limit: '8kb' }), async (req, res) => {
    const id = verify(req.params.token);
    const view = id ? await ratings().view(id) : null;
    if (!id || !view) return page(res, 404, null, message(null, 'rateExpired'));
    const input = RateSchema.safeParse(req.body ?? {});
    if (!input.success) return page(res, 400, view.locale, message(view.locale, 'rateAsk'));
    const outcome = await ratings().rate(id, input.data.score, input.data.comment || null);
    if (outcome === 'gone') return page(res, 404, null, message(null, 'rateExpired'));
    page(res, 200, view.locale, message(view.locale, outcome === 'saved' ? 'rateThanks' : outcome === 'rated' ? 'rateAlready' : 'rateClosed'));
  });

  return router;
}
