/**
 * The consumer's rule for order-status events, each numbered 1, 2, 3, … per order: apply an event only
 * right after its predecessor; an event at or below what was applied is a duplicate (acknowledged, not
 * applied again); one further ahead is early (retried until its predecessor has been applied).
 */
export type EventDecision = 'apply' | 'duplicate' | 'early';

export function decide(eventSeq: number, lastApplied: number): EventDecision {
  if (eventSeq <= lastApplied) return 'duplicate';
  return eventSeq === lastApplied + 1 ? 'apply' : 'early';
}
