import { z } from 'zod';
import type { AgentRef } from './agent.ts';
import { CANNED_SHORTCUT } from './canned-text.ts';
import { MAX_MESSAGE_CHARS } from './limits.ts';

export const CannedShortcutSchema = z.string().trim().toLowerCase().regex(CANNED_SHORTCUT);

/** A saved reply, shared by the team. `{visitor.name}` and `{agent.name}` are filled in when inserted. */
export interface CannedResponse {
  id: string;
  shortcut: string;
  text: string;
  updatedBy: AgentRef | null;
  updatedAt: number;
}

export const CannedSaveSchema = z.object({
  /** null creates one; an id replaces that one. */
  id: z.string().min(1).max(64).nullable(),
  shortcut: CannedShortcutSchema,
  text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
});
export type CannedSave = z.infer<typeof CannedSaveSchema>;
