import type { AgentProfile, ConversationSummary, Transfer } from '../../protocol/index.ts';
import type { ConversationRow } from '../store/store.ts';
import type { DeskContext } from './context.ts';
import { DeskError } from './errors.ts';
import { ratingFollowUp } from './mail-out.ts';
import { sweepQueue } from './queue-watch.ts';
import { announceAssignment } from './routing.ts';
import { deskTexts } from './texts.ts';
import { noteView } from './views.ts';

export interface AgentActions {
  claim(me: AgentProfile, conversationId: string): Promise<ConversationSummary>;
  release(me: AgentProfile, conversationId: string): Promise<ConversationSummary>;
  transfer(me: AgentProfile, input: Transfer): Promise<ConversationSummary>;
  resolve(me: AgentProfile, conversationId: string): Promise<ConversationSummary>;
}

/**
 * Who has a conversation. Each action is one conditional write in the store — status and assignee checked
 * in the statement that changes them — so two agents acting at once (on one node or several) get one
 * success and one refusal, never a conversation taken from under the agent who holds it.
 */
export function createAgentActions(ctx: DeskContext): AgentActions {
  const { store, log } = ctx;
  const actorOf = (me: AgentProfile) => ({ kind: 'agent' as const, id: me.id });

  const load = async (id: string): Promise<ConversationRow> => {
    const conv = await store.getConversation(id);
    if (!conv) throw new DeskError('not_found');
    return conv;
  };

  /** Why a conditional write on a conversation assigned elsewhere failed: someone else has it. */
  const refusal = (conv: ConversationRow, me: AgentProfile) =>
    new DeskError(conv.status === 'assigned' && conv.assignedAgentId !== me.id ? 'forbidden' : 'conflict');

  return {
    async claim(me, conversationId) {
      const existing = await load(conversationId);
      if (existing.status === 'resolved') {
        // A follow-up reopens the visitor's latest conversation only: a visitor has one open at a time.
        const latest = await store.latestConversationForVisitor(existing.visitorId);
        if (latest?.id !== existing.id) throw new DeskError('conflict');
      }
      const claimed = await store.transition(conversationId, {
        from: ['queued', 'offline', 'bot', 'resolved'],
        to: 'assigned',
        actor: actorOf(me),
        reason: existing.status === 'resolved' ? 'reopened to follow up' : 'claimed',
        patch: { assignedAgentId: me.id, resolvedAt: null, releasedBy: null },
      });
      if (!claimed) {
        const now = await load(conversationId);
        if (now.status === 'assigned' && now.assignedAgentId === me.id) return ctx.summary(now);
        throw new DeskError('conflict');
      }
      log.info({ conversationId, agentId: me.id, from: existing.status }, 'claimed');
      await ctx.say(claimed, deskTexts.joined(me.name, claimed.locale));
      await ctx.publish.conversation(claimed);
      if (existing.status === 'queued') await ctx.publish.queue();
      await ctx.publish.agents([me.id]);
      return ctx.summary(claimed);
    },

    async release(me, conversationId) {
      const conv = await load(conversationId);
      const released = await store.transition(conversationId, {
        from: ['assigned'],
        to: 'queued',
        onlyIfAssignedTo: me.id,
        actor: actorOf(me),
        reason: 'released to the queue',
        patch: { assignedAgentId: null, releasedBy: me.id, queuedAt: conv.queuedAt ?? ctx.now(), contactRequestedAt: null, priority: conv.priority ?? 'normal' },
      });
      if (!released) throw refusal(await load(conversationId), me);
      log.info({ conversationId, agentId: me.id }, 'released');
      await ctx.say(released, deskTexts.released(me.name, released.locale));
      await ctx.publish.conversation(released);
      await ctx.publish.queue();
      await ctx.publish.agents([me.id]);
      await sweepQueue(ctx);
      return ctx.summary((await store.getConversation(conversationId)) ?? released);
    },

    async transfer(me, { conversationId, toAgentId, note }) {
      if (toAgentId === me.id) throw new DeskError('invalid_payload');
      const target = (await store.listAgentStates(ctx.seenSince())).find((a) => a.id === toAgentId);
      if (!target) throw new DeskError('not_found');
      if (!target.online || target.status !== 'available') throw new DeskError('unavailable');
      const moved = await store.transition(conversationId, {
        from: ['assigned'],
        to: 'assigned',
        onlyIfAssignedTo: me.id,
        actor: actorOf(me),
        reason: `transferred to ${target.name}`,
        patch: { assignedAgentId: target.id },
      });
      if (!moved) throw refusal(await load(conversationId), me);
      log.info({ conversationId, from: me.id, to: target.id }, 'transferred');
      // The handover note stays with the conversation for whoever reads it later.
      const row = await store.addNote({ conversationId, agentId: me.id, text: note ? `Transferred to ${target.name}: ${note}` : `Transferred to ${target.name}` });
      ctx.notify.toConversation(conversationId, target.id, 'note:new', noteView(row));
      await announceAssignment(ctx, moved, 'transferred', { id: me.id, name: me.name }, note);
      await sweepQueue(ctx);
      return ctx.summary(moved);
    },

    async resolve(me, conversationId) {
      const before = await load(conversationId);
      const resolvedAt = ctx.now();
      // Unrated a day later, a visitor who left an address is asked by mail: queued with the resolve.
      const mail = await ratingFollowUp(ctx, before, resolvedAt);
      const resolved = await store.transition(conversationId, {
        from: ['assigned', 'queued', 'offline', 'bot'],
        to: 'resolved',
        onlyIfAssignedTo: me.id,
        actor: actorOf(me),
        reason: 'resolved',
        patch: { resolvedAt },
        mail,
      });
      if (!resolved) {
        const now = await load(conversationId);
        if (now.status === 'resolved') return ctx.summary(now);
        throw refusal(now, me);
      }
      log.info({ conversationId, agentId: me.id }, 'resolved');
      await ctx.say(resolved, deskTexts.resolved(resolved.locale));
      await ctx.publish.conversation(resolved);
      if (mail) ctx.mail?.queued();
      if (before.status === 'queued') await ctx.publish.queue();
      await ctx.publish.agents([resolved.assignedAgentId]);
      await sweepQueue(ctx);
      return ctx.summary(resolved);
    },
  };
}
