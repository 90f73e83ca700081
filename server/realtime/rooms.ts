/** Every tab of one visitor joins this room, so all of them see the same conversation live. */
export const visitorRoom = (visitorId: string): string => `visitor:${visitorId}`;

/** Every connected agent console: sees every conversation's changes. */
export const AGENTS_ROOM = 'agents';
