import { z } from 'zod';
import { MAX_EMAIL_CHARS } from './limits.ts';

/** POST /api/agent/login */
export const LoginSchema = z.object({
  email: z.string().trim().toLowerCase().max(MAX_EMAIL_CHARS).pipe(z.email()),
  password: z.string().min(1).max(256),
});
export type Login = z.infer<typeof LoginSchema>;

/** Name of the httpOnly cookie that carries an agent session. */
export const SESSION_COOKIE = 'parley_session';
