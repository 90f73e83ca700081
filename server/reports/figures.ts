import { PRIORITIES, type AgentFigures, type Priority, type Report, type UnansweredGroup } from '../../protocol/index.ts';
import type { ReportConversation, ReportEvent, ReportRange } from '../store/store.ts';
import { createCalendar } from './calendar.ts';
import { spread } from './spread.ts';

/** The bot's move out of 'bot': to the queue or straight to an agent. */
export const isHandoff = (e: ReportEvent) => e.actor.kind === 'bot' && e.from === 'bot' && (e.to === 'queued' || e.to === 'assigned');
/** Statuses in which a person has (or is asked to take) the conversation. */
const WITH_A_PERSON = new Set(['queued', 'assigned', 'offline']);

/**
 * A reason's kind: the bot's reasons carry figures and quotes ("frustration 0.82: all caps", "asked for a
 * person: 'agent pls'", "matched refund_status (0.41)"); counted as written, no two would be alike.
 */
export function reasonKind(reason: string): string {
  return reason
    .replace(/\s*\(.*$/, '')
    .replace(/:.*$/, '')
    .replace(/\s*\d+(?:\.\d+)?/g, '')
    .trim();
}

export interface ReportBuilder {
  /** One conversation of the range with its event log; pages may come in any number. */
  add(conversation: ReportConversation): void;
  /** Agents the figures name, for their names. */
  agentIds(): string[];
  finish(input: { names: Map<string, string>; unanswered: UnansweredGroup[]; unansweredRead: number }): Report;
}

interface AgentTally {
  firstResponses: number[];
  resolved: number;
  ratings: number;
  ratingSum: number;
}

/**
 * The report's figures, replayed from each conversation's event log as the pages arrive: what it keeps is
 * counts and one duration per handoff, never the conversations themselves, so a year costs what its
 * handoffs do.
 */
export function createReportBuilder({ range, timeZone }: { range: ReportRange; timeZone: string }): ReportBuilder {
  const calendar = createCalendar(timeZone);
  const days = new Map(calendar.days(range.from, range.to).map((date) => [date, { date, conversations: 0, handoffs: 0 }]));
  const busiest = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
  const byReason = new Map<string, number>();
  const firstResponses: number[] = [];
  const resolutions: number[] = [];
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  const agents = new Map<string, AgentTally>();
  const agent = (id: string) => {
    let t = agents.get(id);
    if (!t) agents.set(id, (t = { firstResponses: [], resolved: 0, ratings: 0, ratingSum: 0 }));
    return t;
  };
  let conversations = 0;
  let botOnly = 0;
  let handoffs = 0;
  let ratingSum = 0;
  let resolved = 0;
  let ratedResolved = 0;

  return {
    add(c) {
      conversations++;
      const when = calendar.at(c.createdAt);
      busiest[when.weekday]![when.hour]!++;
      const day = days.get(when.date);
      if (day) day.conversations++;
      if (!c.events.some((e) => WITH_A_PERSON.has(e.to))) botOnly++;

      c.events.forEach((e, i) => {
        if (!isHandoff(e)) return;
        handoffs++;
        if (day) day.handoffs++;
        if (e.priority) byPriority[e.priority]++;
        for (const r of e.reason.split('; ')) {
          const kind = reasonKind(r);
          if (kind) byReason.set(kind, (byReason.get(kind) ?? 0) + 1);
        }
        if (e.firstAgentAt !== null) {
          firstResponses.push(e.firstAgentAt - e.at);
          if (e.firstAgentId) agent(e.firstAgentId).firstResponses.push(e.firstAgentAt - e.at);
        }
        const resolve = c.events.slice(i + 1).find((later) => later.to === 'resolved');
        if (resolve) resolutions.push(resolve.at - e.at);
      });

      const lastResolve = c.events.findLast((e) => e.to === 'resolved');
      const resolver = lastResolve?.actor.kind === 'agent' && lastResolve.actor.id ? agent(lastResolve.actor.id) : null;
      if (resolver) resolver.resolved++;
      if (c.ratingScore !== null) {
        distribution[c.ratingScore - 1]!++;
        ratingSum += c.ratingScore;
        if (resolver) {
          resolver.ratings++;
          resolver.ratingSum += c.ratingScore;
        }
      }
      if (c.status === 'resolved') {
        resolved++;
        if (c.ratingScore !== null) ratedResolved++;
      }
    },
    agentIds: () => [...agents.keys()],
    finish({ names, unanswered, unansweredRead }) {
      const rated = distribution.reduce((a, b) => a + b, 0);
      const perAgent: AgentFigures[] = [...agents]
        .map(([agentId, t]) => ({
          agentId,
          name: names.get(agentId) ?? agentId,
          firstResponses: t.firstResponses.length,
          firstResponseMs: spread(t.firstResponses),
          resolved: t.resolved,
          ratings: { count: t.ratings, average: t.ratings === 0 ? null : t.ratingSum / t.ratings },
        }))
        .sort((a, b) => b.resolved - a.resolved || b.firstResponses - a.firstResponses || a.name.localeCompare(b.name));
      return {
        range: { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() },
        timeZone,
        conversations,
        botOnly,
        containment: conversations === 0 ? null : botOnly / conversations,
        handoffs: {
          count: handoffs,
          byPriority,
          byReason: [...byReason].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
        },
        firstResponseMs: spread(firstResponses),
        resolutionMs: spread(resolutions),
        ratings: {
          count: rated,
          average: rated === 0 ? null : ratingSum / rated,
          distribution,
          ratedShareOfResolved: resolved === 0 ? null : ratedResolved / resolved,
        },
        busiestHours: busiest,
        perDay: [...days.values()],
        perAgent,
        unanswered,
        unansweredRead,
      };
    },
  };
}
