import { DateTime } from 'luxon';

/** Daily local times "HH:MM" in the recipient's zone; end > start (no window across midnight). */
export interface SendWindow {
  start: string;
  end: string;
}

const minutesOf = (hhmm: string) => {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours! * 60 + minutes!;
};

/** "HH:MM" 00:00–23:59, or 24:00 as an end. */
export const isClockTime = (value: string) => /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(value);

export const windowIsOrdered = (window: SendWindow) => minutesOf(window.end) > minutesOf(window.start);

/**
 * How long a message for a recipient in `zone` must wait for its send window: 0 inside it, else the
 * milliseconds until the window next opens. Computed in the recipient's own IANA zone with local clock
 * arithmetic, so on a DST change "09:00" stays 09:00 local (the UTC instant moves).
 */
export function msUntilWindow(now: Date, zone: string, window: SendWindow | null): number {
  if (!window) return 0;
  const local = DateTime.fromJSDate(now, { zone });
  // Wall-clock times: set hours/minutes on the local date, not "start of day + n hours" (DST days are
  // 23 or 25 hours long).
  const opens = local.set({ ...clock(window.start), second: 0, millisecond: 0 });
  const closes =
    window.end === '24:00'
      ? local.startOf('day').plus({ days: 1 })
      : local.set({ ...clock(window.end), second: 0, millisecond: 0 });
  if (local < opens) return opens.toMillis() - local.toMillis();
  if (local < closes) return 0;
  const tomorrow = local.plus({ days: 1 }).set({ ...clock(window.start), second: 0, millisecond: 0 });
  return tomorrow.toMillis() - local.toMillis();
}

const clock = (hhmm: string) => {
  const [hour, minute] = hhmm.split(':').map(Number);
  return { hour: hour!, minute: minute! };
};
