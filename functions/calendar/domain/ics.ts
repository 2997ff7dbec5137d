import { DateTime, IANAZone } from 'luxon';
import { publishedRecurrence } from '#scheduling/recurrence';
import { wholeDays } from '#scheduling/timing';
import type { CalendarEvent } from './event.js';

/**
 * The feed's response must stay well below Lambda's 6 MB synchronous response limit, counted as the
 * body's bytes inside the JSON envelope (CRLF, quotes and backslashes are escaped there).
 */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;

/** How many years after `now` a recurring series' VTIMEZONE observances reach. */
const ZONE_YEARS_AHEAD = 5;

/**
 * RFC 5545 text for a calendar subscription: CRLF line ends, lines folded at 75 octets (never inside a
 * UTF-8 sequence), TEXT values escaped. Times are written with TZID (the event's IANA zone), which
 * Google Calendar, Apple Calendar and Thunderbird resolve from their own zone databases.
 *
 * `events` come most relevant first: they are added whole, in that order, while the output stays
 * within `maxBytes` (see MAX_FEED_BYTES); the rest are left out, never an event cut in the middle.
 */
export function buildCalendar(
  events: Array<CalendarEvent & { attendance?: Attendance }>,
  options: { name: string; now: Date; domain: string; maxBytes?: number },
): string {
  const header = render([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//syncore//calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT15M',
    'X-PUBLISHED-TTL:PT15M',
  ]);
  const footer = render(['END:VCALENDAR']);
  let used = responseBytes(header) + responseBytes(footer);
  const blocks: string[] = [];
  const zoneYears = new Map<string, Set<number>>();
  for (const event of events) {
    const block = render(eventLines(event, options));
    const known = zoneYears.get(event.timeZone);
    const newYears = event.allDay ? [] : yearsNeeded(event, options.now).filter((year) => !known?.has(year));
    let cost = responseBytes(block);
    // A zone's frame (BEGIN, TZID, leading observance, END) has the same size whatever its first year.
    if (!known && !event.allDay) cost += responseBytes(render(timeZoneLines(event.timeZone, [])));
    for (const year of newYears) cost += responseBytes(render(observanceLines(event.timeZone, year)));
    if (used + cost > (options.maxBytes ?? MAX_FEED_BYTES)) break;
    used += cost;
    blocks.push(block);
    if (!event.allDay) zoneYears.set(event.timeZone, new Set([...(known ?? []), ...newYears]));
  }
  const zones = [...zoneYears].map(([zone, years]) => render(timeZoneLines(zone, years)));
  return header + zones.join('') + blocks.join('') + footer;
}

const render = (lines: string[]) => `${lines.map(foldLine).join('\r\n')}\r\n`;
const responseBytes = (text: string) => Buffer.byteLength(JSON.stringify(text)) - 2;

/**
 * The years whose offset changes a client needs for this event: the start's (and the year before, so
 * DTSTART falls after an observance) and, for a series, from the feed's window (a year back) to five
 * years ahead or its end. Not every year since an old series started: the feed only shows recent ones.
 */
function yearsNeeded(event: CalendarEvent, now: Date): number[] {
  const startYear = DateTime.fromJSDate(event.startsAt, { zone: event.timeZone }).year;
  const years = new Set([startYear - 1, startYear]);
  if (event.recurrence) {
    const nowYear = now.getUTCFullYear();
    const endYear = event.seriesEndsAt ? event.seriesEndsAt.getUTCFullYear() : Number.POSITIVE_INFINITY;
    const last = Math.min(endYear, nowYear + ZONE_YEARS_AHEAD);
    for (let year = Math.max(startYear, nowYear - 1); year <= last; year++) years.add(year);
  }
  return [...years];
}

/** What a meeting the feed's owner attends adds to its VEVENT (see functions/calendar/feed-meetings.ts). */
export interface Attendance {
  location: string | null;
  organizer: { email: string; name?: string };
  attendees: Array<{
    email: string;
    name?: string;
    status: 'needs_action' | 'accepted' | 'declined' | 'tentative';
  }>;
  /** Occurrences the feed's owner declined: left out of their calendar (EXDATE). */
  excluded: Date[];
}

const person = (who: { email: string; name?: string }) =>
  `${who.name ? `;CN="${who.name.replace(/["\r\n]/g, "'")}"` : ''}:mailto:${who.email}`;

function attendanceLines(event: CalendarEvent, attendance: Attendance): string[] {
  const lines = [`ORGANIZER${person(attendance.organizer)}`];
  for (const attendee of attendance.attendees) {
    const partstat = attendee.status.toUpperCase().replace('_', '-');
    lines.push(`ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=${partstat}${person(attendee)}`);
  }
  if (attendance.location) lines.push(`LOCATION:${escapeText(attendance.location)}`);
  for (const start of attendance.excluded) {
    lines.push(
      `EXDATE;TZID=${event.timeZone}:${localStamp(DateTime.fromJSDate(start, { zone: event.timeZone }))}`,
    );
  }
  return lines;
}

function eventLines(
  event: CalendarEvent & { attendance?: Attendance },
  options: { now: Date; domain: string },
): string[] {
  const start = DateTime.fromJSDate(event.startsAt, { zone: event.timeZone });
  // All-day: whole calendar days (DTEND is the day after the last one), whatever DST does to the hours.
  const end = event.allDay
    ? start.plus({ days: wholeDays(event.durationMinutes) })
    : start.plus({ minutes: event.durationMinutes });
  const lines = [
    'BEGIN:VEVENT',
    `UID:${event.id}@${options.domain}`,
    `DTSTAMP:${utcStamp(options.now)}`,
    `CREATED:${utcStamp(event.createdAt)}`,
    `LAST-MODIFIED:${utcStamp(event.updatedAt)}`,
    `SUMMARY:${escapeText(event.title)}`,
  ];
  if (event.allDay) {
    lines.push(
      `DTSTART;VALUE=DATE:${start.toFormat('yyyyMMdd')}`,
      `DTEND;VALUE=DATE:${end.toFormat('yyyyMMdd')}`,
    );
  } else {
    lines.push(
      `DTSTART;TZID=${event.timeZone}:${localStamp(start)}`,
      `DTEND;TZID=${event.timeZone}:${localStamp(end)}`,
    );
  }
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.recurrence)
    lines.push(`RRULE:${publishedRecurrence(event.recurrence, event.timeZone, event.allDay)}`);
  if (event.attendance) lines.push(...attendanceLines(event, event.attendance));
  for (const minutes of event.reminders) {
    lines.push(
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${escapeText(event.title)}`,
      `TRIGGER:${minutes === 0 ? 'PT0M' : `-PT${minutes}M`}`,
      'END:VALARM',
    );
  }
  lines.push('END:VEVENT');
  return lines;
}

/**
 * A VTIMEZONE for a TZID (RFC 5545 §3.6.5 wants one per TZID used): a leading observance with the
 * offset in force at the start of the first year, then the zone's offset changes in the given years as
 * individual observances, from luxon's zone database. A zone without changes has just the first.
 */
export function timeZoneLines(zone: string, years: Iterable<number>): string[] {
  const sorted = [...years].sort((a, b) => a - b);
  const offset = IANAZone.create(zone).offset(Date.UTC(sorted[0] ?? 1970, 0, 1));
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${zone}`,
    'BEGIN:STANDARD',
    'DTSTART:16010101T000000',
    `TZOFFSETFROM:${formatOffset(offset)}`,
    `TZOFFSETTO:${formatOffset(offset)}`,
    'END:STANDARD',
    ...sorted.flatMap((year) => observanceLines(zone, year)),
    'END:VTIMEZONE',
  ];
}

function observanceLines(zone: string, year: number): string[] {
  return offsetTransitions(zone, year).flatMap(({ at, from, to }) => {
    const kind = to > from ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART is the local time just before the change, in the offset being left.
    const localBefore = DateTime.fromMillis(at, { zone: 'UTC' }).plus({ minutes: from });
    return [
      `BEGIN:${kind}`,
      `DTSTART:${localStamp(localBefore)}`,
      `TZOFFSETFROM:${formatOffset(from)}`,
      `TZOFFSETTO:${formatOffset(to)}`,
      `END:${kind}`,
    ];
  });
}

type Transition = { at: number; from: number; to: number };
const transitionCache = new Map<string, Transition[]>();
const TRANSITION_CACHE_SIZE = 20_000;

/**
 * The zone's offset changes in one year, cached per (zone, year) for the life of the container.
 * Sampled every 14 days (offsets never change back within two weeks: Morocco's Ramadan change, the
 * shortest, lasts about a month), then bisected to the minute.
 */
function offsetTransitions(zone: string, year: number): Transition[] {
  const key = `${zone}:${year}`;
  const cached = transitionCache.get(key);
  if (cached) return cached;
  const tz = IANAZone.create(zone);
  const transitions: Transition[] = [];
  const step = 14 * 86_400_000;
  const end = Date.UTC(year + 1, 0, 1);
  let left = Date.UTC(year, 0, 1);
  let leftOffset = tz.offset(left);
  while (left < end) {
    const right = Math.min(left + step, end);
    const rightOffset = tz.offset(right);
    if (rightOffset !== leftOffset) {
      let [low, high] = [left, right];
      while (high - low > 60_000) {
        const middle = low + Math.floor((high - low) / 120_000) * 60_000;
        if (tz.offset(middle) === leftOffset) low = middle;
        else high = middle;
      }
      transitions.push({ at: high, from: leftOffset, to: tz.offset(high) });
    }
    [left, leftOffset] = [right, rightOffset];
  }
  if (transitionCache.size >= TRANSITION_CACHE_SIZE) transitionCache.clear();
  transitionCache.set(key, transitions);
  return transitions;
}

/** UTC-OFFSET (RFC 5545 §3.3.14): ±HHMM, or ±HHMMSS for the old local-mean-time offsets with seconds. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const seconds = Math.round(Math.abs(minutes) * 60);
  const two = (n: number) => String(n).padStart(2, '0');
  const hhmm = `${two(Math.floor(seconds / 3600))}${two(Math.floor((seconds % 3600) / 60))}`;
  return `${sign}${hhmm}${seconds % 60 === 0 ? '' : two(seconds % 60)}`;
}

const utcStamp = (date: Date) => DateTime.fromJSDate(date, { zone: 'UTC' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
const localStamp = (date: DateTime) => date.toFormat("yyyyMMdd'T'HHmmss");

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, and newlines as `\n`. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line into chunks of at most 75 octets; continuation lines start with one space.
 * UTF-8 lengths are counted from the UTF-16 code units (a surrogate pair is one 4-byte character), so
 * a character is never split and no encoder runs per character.
 */
export function foldLine(line: string): string {
  if (line.length <= 25) return line; // at most 3 UTF-8 bytes per UTF-16 code unit: cannot exceed 75
  const chunks: string[] = [];
  let chunkStart = 0;
  let chunkBytes = 0;
  for (let i = 0; i < line.length; ) {
    const code = line.charCodeAt(i);
    const next = line.charCodeAt(i + 1); // NaN past the end
    const pair = code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    const units = pair ? 2 : 1;
    const bytes = pair ? 4 : code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
    const limit = chunks.length === 0 ? 75 : 74; // continuation lines carry the leading space
    if (chunkBytes + bytes > limit) {
      chunks.push(line.slice(chunkStart, i));
      chunkStart = i;
      chunkBytes = 0;
    }
    chunkBytes += bytes;
    i += units;
  }
  chunks.push(line.slice(chunkStart));
  return chunks.join('\r\n ');
}
