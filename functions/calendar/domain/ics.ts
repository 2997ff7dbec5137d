import { DateTime } from 'luxon';
import type { CalendarEvent } from './event.js';
import { publishedRecurrence } from './recurrence.js';
import { wholeDays } from './timing.js';

/**
 * RFC 5545 text for a calendar subscription: CRLF line ends, lines folded at 75 octets (never inside a
 * UTF-8 sequence), TEXT values escaped. Times are written with TZID (the event's IANA zone), which
 * Google Calendar, Apple Calendar and Thunderbird resolve from their own zone databases.
 */
export function buildCalendar(
  events: CalendarEvent[],
  options: { name: string; now: Date; domain: string },
): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//syncore//calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT15M',
    'X-PUBLISHED-TTL:PT15M',
  ];
  for (const zone of new Set(events.filter((event) => !event.allDay).map((event) => event.timeZone))) {
    const years = events
      .filter((event) => event.timeZone === zone)
      .map((event) => event.startsAt.getUTCFullYear());
    // From the year before the first start (so every DTSTART falls after an observance) to five years
    // ahead, at most 40 years: a start in year 9999 must not make the feed walk eight millennia.
    const thisYear = options.now.getUTCFullYear();
    const toYear = Math.min(Math.max(...years, thisYear), thisYear + 100) + 5;
    lines.push(...timeZoneLines(zone, Math.max(Math.min(...years) - 1, toYear - 40), toYear));
  }
  for (const event of events) lines.push(...eventLines(event, options));
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

function eventLines(event: CalendarEvent, options: { now: Date; domain: string }): string[] {
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
 * A VTIMEZONE for a TZID (RFC 5545 §3.6.5 wants one per TZID used): the zone's offset transitions
 * between the two years as individual observances, found with luxon's zone database. A zone without
 * transitions gets one STANDARD observance.
 */
export function timeZoneLines(zone: string, fromYear: number, toYear: number): string[] {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const transitions = offsetTransitions(zone, fromYear, toYear);
  if (transitions.length === 0) {
    const offset = DateTime.fromObject({ year: fromYear }, { zone }).offset;
    lines.push(
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      `TZOFFSETFROM:${formatOffset(offset)}`,
      `TZOFFSETTO:${formatOffset(offset)}`,
      'END:STANDARD',
    );
  }
  for (const { at, from, to } of transitions) {
    const kind = to > from ? 'DAYLIGHT' : 'STANDARD';
    // DTSTART is the local time just before the change, in the offset being left.
    const localBefore = DateTime.fromMillis(at, { zone: 'UTC' }).plus({ minutes: from });
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${localStamp(localBefore)}`,
      `TZOFFSETFROM:${formatOffset(from)}`,
      `TZOFFSETTO:${formatOffset(to)}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

function offsetTransitions(
  zone: string,
  fromYear: number,
  toYear: number,
): Array<{ at: number; from: number; to: number }> {
  const offsetAt = (millis: number) => DateTime.fromMillis(millis, { zone }).offset;
  const transitions: Array<{ at: number; from: number; to: number }> = [];
  const step = 7 * 86_400_000; // zones change at most a few times a year, never twice within a week
  const end = Date.UTC(toYear + 1, 0, 1);
  for (let left = Date.UTC(fromYear, 0, 1); left < end; left += step) {
    const right = left + step;
    if (offsetAt(left) === offsetAt(right)) continue;
    let [low, high] = [left, right];
    while (high - low > 60_000) {
      const middle = low + Math.floor((high - low) / 120_000) * 60_000;
      if (offsetAt(middle) === offsetAt(left)) low = middle;
      else high = middle;
    }
    transitions.push({ at: high, from: offsetAt(low), to: offsetAt(high) });
  }
  return transitions;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
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

/** Folds a content line into chunks of at most 75 octets; continuation lines start with one space. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const chunks: string[] = [];
  let current = '';
  let currentBytes = 0;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    const limit = chunks.length === 0 ? 75 : 74; // continuation lines carry the leading space
    if (currentBytes + bytes > limit) {
      chunks.push(current);
      current = '';
      currentBytes = 0;
    }
    current += char;
    currentBytes += bytes;
  }
  chunks.push(current);
  return chunks.join('\r\n ');
}
