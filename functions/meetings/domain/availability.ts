import { DateTime } from 'luxon';

/** [start, end) in epoch milliseconds. */
export type Interval = [number, number];

export interface WorkingHours {
  start: string;
  end: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
}

export interface MemberCalendar {
  timeZone: string;
  workingHours: WorkingHours;
  /** Sorted or not, overlapping or not. */
  busy: Interval[];
}

export interface SlotQuery {
  from: Date;
  to: Date;
  durationMinutes: number;
  /** Candidate starts are on this grid (UTC minutes), e.g. every 30 minutes. */
  stepMinutes: number;
  limit: number;
}

const MINUTE = 60_000;

/**
 * The member's working hours within [from, to) as instants. Each local day is built in the member's
 * zone with luxon, so 09:00–18:00 stays 09:00–18:00 local on a DST day (that day's window is simply
 * an hour shorter or longer in UTC terms, or starts at the first valid local time in a gap).
 */
export function workingWindows(
  member: Pick<MemberCalendar, 'timeZone' | 'workingHours'>,
  from: Date,
  to: Date,
): Interval[] {
  const { start, end, days } = member.workingHours;
  const [startHour, startMinute] = start.split(':').map(Number) as [number, number];
  const [endHour, endMinute] = end.split(':').map(Number) as [number, number];
  const windows: Interval[] = [];
  let day = DateTime.fromJSDate(from, { zone: member.timeZone }).startOf('day');
  const last = DateTime.fromJSDate(to, { zone: member.timeZone });
  while (day <= last) {
    if (days.includes(day.weekday)) {
      const open = day.set({ hour: startHour, minute: startMinute }).toMillis();
      const close = day.set({ hour: endHour, minute: endMinute }).toMillis();
      const clippedOpen = Math.max(open, from.getTime());
      const clippedClose = Math.min(close, to.getTime());
      if (clippedOpen < clippedClose) windows.push([clippedOpen, clippedClose]);
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
  return windows;
}

export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: Interval[] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** `free` minus `busy`; both sorted and merged. */
export function subtract(free: Interval[], busy: Interval[]): Interval[] {
  const result: Interval[] = [];
  let b = 0;
  for (const [start, end] of free) {
    let cursor = start;
    while (b < busy.length && (busy[b] as Interval)[1] <= cursor) b++;
    let k = b;
    while (k < busy.length && (busy[k] as Interval)[0] < end) {
      const [busyStart, busyEnd] = busy[k] as Interval;
      if (busyStart > cursor) result.push([cursor, busyStart]);
      cursor = Math.max(cursor, busyEnd);
      if (cursor >= end) break;
      k++;
    }
    if (cursor < end) result.push([cursor, end]);
  }
  return result;
}

/** Instants inside both lists; both sorted and merged. */
export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const result: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aStart, aEnd] = a[i] as Interval;
    const [bStart, bEnd] = b[j] as Interval;
    const start = Math.max(aStart, bStart);
    const end = Math.min(aEnd, bEnd);
    if (start < end) result.push([start, end]);
    if (aEnd < bEnd) i++;
    else j++;
  }
  return result;
}

/** When every member is free: their working hours minus their busy intervals, intersected. */
export function commonFreeTime(members: MemberCalendar[], from: Date, to: Date): Interval[] {
  let common: Interval[] = [[from.getTime(), to.getTime()]];
  for (const member of members) {
    const free = subtract(workingWindows(member, from, to), mergeIntervals(member.busy));
    common = intersect(common, free);
    if (common.length === 0) break;
  }
  return common;
}

/** Up to `limit` slots of the duration, starting on the step grid, inside the common free time. */
export function findSlots(members: MemberCalendar[], query: SlotQuery): Interval[] {
  const duration = query.durationMinutes * MINUTE;
  const step = query.stepMinutes * MINUTE;
  const slots: Interval[] = [];
  for (const [start, end] of commonFreeTime(members, query.from, query.to)) {
    for (let slot = Math.ceil(start / step) * step; slot + duration <= end; slot += step) {
      slots.push([slot, slot + duration]);
      if (slots.length >= query.limit) return slots;
    }
  }
  return slots;
}
