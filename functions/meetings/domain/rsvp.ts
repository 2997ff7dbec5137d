export const RSVP_STATUSES = ['needs_action', 'accepted', 'declined', 'tentative'] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number];
export type Answer = Exclude<RsvpStatus, 'needs_action'>;

export type StatusCounts = Record<RsvpStatus, number>;

export interface SeriesAnswer {
  userId: string;
  status: RsvpStatus;
  comment: string | null;
}

export interface OccurrenceAnswer {
  userId: string;
  occurrenceStart: Date;
  status: Answer;
  comment: string | null;
}

/** An answer for one occurrence overrides the answer for the series. */
export function effectiveAnswers(
  series: SeriesAnswer[],
  overrides: OccurrenceAnswer[],
  occurrence: Date | undefined,
): SeriesAnswer[] {
  if (!occurrence) return series;
  const forOccurrence = new Map(
    overrides
      .filter((answer) => answer.occurrenceStart.getTime() === occurrence.getTime())
      .map((answer) => [answer.userId, answer]),
  );
  return series.map((answer) => {
    const override = forOccurrence.get(answer.userId);
    return override ? { userId: answer.userId, status: override.status, comment: override.comment } : answer;
  });
}

export function countByStatus(answers: Array<{ status: RsvpStatus }>): StatusCounts {
  const counts: StatusCounts = { needs_action: 0, accepted: 0, declined: 0, tentative: 0 };
  for (const answer of answers) counts[answer.status]++;
  return counts;
}
