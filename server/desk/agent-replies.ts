import type { AgentProfile, AgentSendParsed, Note, NoteAdd } from '../../protocol/index.ts';
import type { DeskContext } from './context.ts';
import { ownAttachments } from './attachments.ts';
import { DeskError } from './errors.ts';
import { replyMail } from './mail-out.ts';
import { noteView } from './views.ts';

export interface AgentReplies {
  send(me: AgentProfile, input: AgentSendParsed): Promise<{ id: string; seq: number; createdAt: number }>;
  note(me: AgentProfile, input: NoteAdd): Promise<{ note: Note }>;
  typing(me: AgentProfile, conversationId: string, typing: boolean): Promise<void>;
}

/** What agents write: replies to the visitor (only the assigned agent) and private notes (any agent). */
export function createAgentReplies(ctx: DeskContext): AgentReplies {
  const { store } = ctx;
  return {
    async send(me, input) {
      // The assignee check is part of the write: an agent who lost the conversation a moment ago (a
      // transfer, a resolve and a follow-up by someone else) cannot slip a message in.
      const attachments = input.attachments.length ? await ownAttachments(store, me.id, input.attachments) : [];
      // A visitor who left an address and is not here gets the reply by mail: queued with the message.
      const mail = await replyMail(ctx, me, input.conversationId);
      const appended = await store.appendMessage(
        { conversationId: input.conversationId, author: 'agent', senderId: me.id, authorName: me.name, text: input.text, clientId: input.clientId, attachments, mail },
        { status: ['assigned'], assignedAgentId: me.id },
      );
      if (!appended) {
        if (!(await store.getConversation(input.conversationId))) throw new DeskError('not_found');
        const taken = await Promise.all(attachments.map((a) => store.getAttachment(a.id)));
        if (taken.some((a) => a?.messageId)) throw new DeskError('conflict');
        throw new DeskError('forbidden');
      }
      const { message, duplicate } = appended;
      if (!duplicate && mail) ctx.mail?.queued();
      if (!duplicate) {
        const conv = await store.getConversation(input.conversationId);
        if (conv) {
          ctx.publish.message(conv, message);
          await ctx.publish.activity(conv);
        }
      }
      return { id: message.id, seq: message.seq, createdAt: message.createdAt };
    },

    async note(me, { conversationId, text }) {
      const conv = await store.getConversation(conversationId);
      if (!conv) throw new DeskError('not_found');
      const note = noteView(await store.addNote({ conversationId, agentId: me.id, text }));
      ctx.notify.toConversation(conv.id, conv.status === 'assigned' ? conv.assignedAgentId : null, 'note:new', note);
      return { note };
    },

    async typing(me, conversationId, typing) {
      const conv = await store.getConversation(conversationId);
      if (conv && conv.status === 'assigned' && conv.assignedAgentId === me.id) {
        ctx.notify.toVisitor(conv.visitorId, 'typing', { author: 'agent', typing });
      }
    },
  };
}
