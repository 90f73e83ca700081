import type { AgentRef } from './agent.ts';

/** A flag an agent put on a visitor; kept across that visitor's conversations. */
export interface VisitorFlag {
  /** 'abusive', 'vip' or a free label (trimmed, 1–40 characters). */
  label: string;
  setBy: AgentRef;
  at: number;
}

/** Labels the console styles and offers as one click; any other label is free text. */
export const KNOWN_FLAGS = ['vip', 'abusive'] as const;

/** What agents see of a visitor: who they say they are, where they are, on what. */
export interface VisitorProfile {
  id: string;
  /** A stable short name for a visitor who gave none ("Visitor 7F3A"), so rows are told apart. */
  label: string;
  /**
   * The merchant's user id, set only by a verified Parley('identify', {id, hash}): the hash proved the shop's
   * backend vouched for it. Null for anonymous and unverified visitors.
   */
  externalId: string | null;
  /** From Parley('identify', …) on the merchant's page or the leave-a-message form; trusted only with `externalId`. */
  name: string | null;
  email: string | null;
  /** The page the widget was last opened on (http(s) only). */
  page: { url: string; title: string | null } | null;
  /** Read from the user agent: "Chrome 131", "macOS", 'mobile'. */
  browser: string | null;
  os: string | null;
  device: 'desktop' | 'mobile' | 'tablet' | null;
  /** IANA time zone of the visitor's browser, so the console can show their local time. */
  timeZone: string | null;
  lastSeenAt: number | null;
  flags: VisitorFlag[];
}

/** "Visitor 7F3A": four hex digits of the visitor id, the same in every list and every session. */
export function visitorLabel(visitorId: string): string {
  const hex = visitorId.replace(/[^0-9a-f]/gi, '');
  return `Visitor ${(hex.slice(0, 4) || visitorId.slice(0, 4)).toUpperCase()}`;
}
