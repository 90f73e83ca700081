/** Every tab of one visitor joins this room, so all of them see the same conversation live. */
export const visitorRoom = (visitorId: string): string => `visitor:${visitorId}`;

/** Every connected agent console. */
export const AGENTS_ROOM = 'agents';

/** Every console of one agent (their tabs, their devices): alerts and their own conversations. */
export const agentRoom = (agentId: string): string => `agent:${agentId}`;

/** The consoles showing one conversation: its messages, notes and typing go only there (and to its agent). */
export const watchRoom = (conversationId: string): string => `watch:${conversationId}`;
