import { log } from '#platform/observability';

/** Where the sender's time goes, by phase of a batch (summed wall-clock ms over every batch). */
export type SenderPhase = 'read' | 'slots' | 'breaker' | 'claim' | 'calls' | 'write';

export interface SenderProfile {
  batch(messages: number): void;
  add(phase: SenderPhase, ms: number): void;
}

/** Times the phases of one batch: each `lap` charges the time since the previous one to a phase. */
export function phaseTimer(profile: SenderProfile | undefined) {
  let last = performance.now();
  return (phase: SenderPhase) => {
    const now = performance.now();
    profile?.add(phase, now - last);
    last = now;
  };
}

/**
 * A per-container profile that logs its running totals (`campaign sender profile`) at most every
 * `everyMs`: batches, messages, and per phase the total and the mean per message. The campaigns
 * benchmark reads the last of these lines.
 */
export function loggedProfile(everyMs = 10_000): SenderProfile {
  const totals = { batches: 0, messages: 0, ms: {} as Record<string, number> };
  let lastLog = performance.now();
  const maybeLog = () => {
    if (performance.now() - lastLog < everyMs) return;
    lastLog = performance.now();
    const perMessageMs = Object.fromEntries(
      Object.entries(totals.ms).map(([phase, ms]) => [phase, Math.round((ms / totals.messages) * 100) / 100]),
    );
    log().info('campaign sender profile', {
      batches: totals.batches,
      messages: totals.messages,
      totalMs: Object.fromEntries(Object.entries(totals.ms).map(([phase, ms]) => [phase, Math.round(ms)])),
      perMessageMs,
    });
  };
  return {
    batch(messages) {
      totals.batches += 1;
      totals.messages += messages;
      maybeLog();
    },
    add(phase, ms) {
      totals.ms[phase] = (totals.ms[phase] ?? 0) + ms;
    },
  };
}
