import type { Store } from './store.ts';

// The Store split by concept: each engine implements every part in a file of its own (sqlite/, postgres/).

export type VisitorPart = Pick<Store, 'createVisitor' | 'getVisitor' | 'getVisitors' | 'updateVisitor' | 'visitorForExternalId' | 'listVisitorFlags' | 'setVisitorFlag' | 'removeVisitorFlag'>;

export type ConversationPart = Pick<
  Store,
  | 'createConversation'
  | 'getConversation'
  | 'latestConversationForVisitor'
  | 'listVisitorConversations'
  | 'listWaiting'
  | 'pageConversations'
  | 'transition'
  | 'assignToAvailable'
  | 'requestContact'
  | 'updateConversation'
  | 'listEvents'
  | 'saveRating'
  | 'firstReplyDelays'
>;

export type MessagePart = Pick<Store, 'appendMessage' | 'findMessageByClientId' | 'listMessages' | 'searchMessages'>;

export type ReportPart = Pick<Store, 'reportConversations' | 'reportUnanswered' | 'listTranscripts'>;

export type BotTurnPart = Pick<Store, 'saveBotTurn'>;

export type NotePart = Pick<Store, 'addNote' | 'listNotes'>;

export type CannedPart = Pick<Store, 'listCanned' | 'saveCanned' | 'deleteCanned'>;

export type AgentPart = Pick<
  Store,
  | 'createAgent'
  | 'findAgentByEmail'
  | 'getAgent'
  | 'countAgents'
  | 'setAgentStatus'
  | 'createSession'
  | 'findSession'
  | 'touchSession'
  | 'deleteSession'
  | 'setAgentPresence'
  | 'touchPresence'
  | 'clearPresence'
  | 'listAgentStates'
  | 'countAvailableAgents'
  | 'removeAgent'
  | 'listAgents'
  | 'setAgentRole'
  | 'createInvite'
  | 'findInvite'
  | 'redeemInvite'
>;

export type MailPart = Pick<Store, 'enqueueMail' | 'claimMail' | 'finishMail' | 'releaseMailClaims' | 'listMail' | 'retryMail' | 'countMail' | 'setAgentMailNotify' | 'listMailNotifyAgents'>;
export type SettingsPart = Pick<Store, 'tokenSecret' | 'getSetting' | 'setSetting'>;

export type ErasePart = Pick<Store, 'findVisitorsByEmail' | 'eraseVisitors' | 'purgeConversations' | 'purgeVisitors'>;

export type AttachmentPart = Pick<Store, 'saveAttachment' | 'findAttachmentByClientId' | 'getAttachment' | 'readAttachment'>;
