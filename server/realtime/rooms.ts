/** Every tab of one visitor joins this room, so all of them see the same conversation live. */
export const visitorRoom = (visitorId: string): string => `visitor:${visitorId}`;

/** Every connected agent console. */
export const AGENTS_ROOM = 'agents';

/** Every console of one agent (their tabs, their devices): alerts and their own conversations. */
export const agentRoom = (agentId: string): string => `agent:${agentId}`;

/** The consoles showing one conversation: its messages, notes and typing go only there (and to its agent). */
export const watchRoom = (conversationId: string): string => `watch:${conversationId}`;

/**
 * Every socket opened with one sign-in session (its console tabs), named by the SHA-256 of the session's
 * token, never the token: signing out ends them all, on every node once an adapter joins the nodes.
 */
export const sessionRoom = (tokenHash: string): string => `session:${tokenHash}`;
