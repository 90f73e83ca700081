import { compareForQueue, type Handoff } from '../../protocol/index.ts';
import type { Actor, ConversationRow } from '../store/store.ts';
import type { DeskContext } from './context.ts';
import { deskTexts } from './texts.ts';

// Who answers a conversation that needs a person: the available agent with the fewest chats (under the
// limit), else the queue — with the leave-a-message form when nobody can answer soon. Every decision is a
// conditional write in the store, so several nodes routing at once cannot assign one chat twice.

const SYSTEM: Actor = { kind: 'system', id: null };

/** After an assignment: the visitor hears who joined, every console sees it, the agent is alerted. */
export async function announceAssignment(ctx: DeskContext, conv: ConversationRow, kind: 'assigned' | 'transferred', from: { id: string; name: string } | null = null, note: string | null = null): Promise<void> {
  const agent = conv.assignedAgentId ? await ctx.store.getAgent(conv.assignedAgentId) : null;
  if (!agent) return;
  await ctx.say(conv, deskTexts.joined(agent.name, conv.locale));
  await ctx.publish.conversation(conv);
  ctx.publish.alert(agent.id, { kind, conversation: await ctx.summary(conv), from, note });
  await ctx.publish.agents([agent.id, from?.id ?? null]);
}

/** Tells every available agent that a conversation waits because all of them are at their limit. */
async function alertQueued(ctx: DeskContext, conv: ConversationRow): Promise<void> {
  const summary = await ctx.summary(conv);
  for (const agent of await ctx.store.listAgentStates(ctx.seenSince())) {
    if (agent.online && agent.status === 'available') ctx.publish.alert(agent.id, { kind: 'queued', conversation: summary, from: null, note: null });
  }
}

/**
 * The bot handed the conversation over. Within business hours with an agent free: assigned at once.
 * Agents available but all at their limit: queued. Nobody available or closed: queued, and the form offered.
 */
export async function routeHandoff(ctx: DeskContext, conv: ConversationRow, handoff: Handoff): Promise<ConversationRow | null> {
  const { store, settings, log } = ctx;
  const staffing = await ctx.staffing();
  const patch = { priority: handoff.priority, handoff, queuedAt: handoff.at };
  const reason = handoff.reasons.join('; ');
  const bot: Actor = { kind: 'bot', id: null };

  if (staffing.open && staffing.agents > 0) {
    const assigned = await store.assignToAvailable(conv.id, { from: ['bot'], actor: bot, reason, patch, maxChats: settings.maxChats, seenSince: ctx.seenSince() });
    if (assigned) {
      log.info({ conversationId: conv.id, agentId: assigned.assignedAgentId, priority: handoff.priority }, 'handed off: assigned');
      await announceAssignment(ctx, assigned, 'assigned');
      return assigned;
    }
  }
  const staffed = staffing.open && staffing.agents > 0;
  const queued = await store.transition(conv.id, {
    from: ['bot'],
    to: 'queued',
    actor: bot,
    reason,
    patch: { ...patch, contactRequestedAt: staffed ? null : handoff.at },
  });
  if (!queued) return null; // an agent took it over meanwhile
  log.info({ conversationId: conv.id, priority: handoff.priority, staffed, open: staffing.open }, 'handed off: queued');
  await ctx.publish.conversation(queued);
  await ctx.publish.queue();
  if (staffed) await alertQueued(ctx, queued);
  return queued;
}

/**
 * Assigns waiting conversations, most urgent and longest waiting first, while an available agent has
 * room. Stops at the first one nobody could take (nobody has room), unless that one is only refused by
 * its own history (released by the one agent with room).
 */
export async function drainQueue(ctx: DeskContext): Promise<number> {
  const { store, settings } = ctx;
  if (!settings.hours.isOpen(ctx.now())) return 0;
  const queued = (await store.listWaiting()).filter((c) => c.status === 'queued').sort(compareForQueue);
  let assigned = 0;
  for (const conv of queued) {
    const done = await store.assignToAvailable(conv.id, {
      from: ['queued'],
      actor: SYSTEM,
      reason: 'assigned automatically',
      patch: { contactRequestedAt: null },
      maxChats: settings.maxChats,
      seenSince: ctx.seenSince(),
    });
    if (done) {
      assigned++;
      ctx.log.info({ conversationId: conv.id, agentId: done.assignedAgentId }, 'assigned from the queue');
      await announceAssignment(ctx, done, 'assigned');
    } else if (conv.releasedBy === null) break;
  }
  if (assigned > 0) await ctx.publish.queue();
  return assigned;
}

/**
 * Offers the leave-a-message form to queued visitors who will not get a person soon: nobody available,
 * outside business hours, or waiting longer than the queue timeout. They stay queued.
 */
export async function offerContact(ctx: DeskContext): Promise<number> {
  const { store, settings } = ctx;
  const waiting = (await store.listWaiting()).filter((c) => c.status === 'queued' && c.contactRequestedAt === null);
  if (waiting.length === 0) return 0;
  const staffing = await ctx.staffing();
  const at = ctx.now();
  let offered = 0;
  for (const conv of waiting) {
    const reason = !staffing.open
      ? 'outside business hours'
      : staffing.agents === 0
        ? 'nobody available'
        : (conv.queuedAt ?? conv.updatedAt) <= at - settings.queueTimeoutMs
          ? 'queue timeout'
          : null;
    if (!reason) continue;
    const row = await store.requestContact(conv.id, { at, reason });
    if (!row) continue;
    offered++;
    ctx.log.info({ conversationId: conv.id, reason }, 'leave-a-message form offered');
    await ctx.publish.conversation(row);
  }
  return offered;
}
