// Bounds shared by the widget, the console and the server, so the UI can stop a visitor before the server has to.
export const MAX_MESSAGE_CHARS = 2000;
export const MAX_COMMENT_CHARS = 1000;
export const MAX_NAME_CHARS = 120;
export const MAX_EMAIL_CHARS = 254;
export const MAX_TOKEN_CHARS = 512;
/** The merchant's own user id in Parley('identify', {id, hash}). */
export const MAX_EXTERNAL_ID_CHARS = 128;
export const MAX_URL_CHARS = 2048;
/** Socket.IO drops a connection whose single packet exceeds this many bytes (maxHttpBufferSize). */
export const MAX_PACKET_BYTES = 16 * 1024;
/** Messages per page: sent on session:hello and conversation:open (the newest), and per messages:before. */
export const MESSAGE_PAGE = 50;
/** Conversations per page of the bot and resolved lists and of search results. */
export const CONVERSATION_PAGE = 50;
