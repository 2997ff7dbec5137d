import type { CalendarEvent } from './event.js';
import { buildCalendar, escapeText, foldLine, formatOffset, timeZoneLines } from './ics.js';

const event = (overrides: Partial<CalendarEvent> = {}): CalendarEvent => ({
  id: '00000000-0000-4000-8000-000000000001',
  ownerId: '00000000-0000-4000-8000-000000000002',
  title: 'Stand-up',
  description: null,
  startsAt: new Date('2026-03-23T08:00:00Z'),
  durationMinutes: 30,
  timeZone: 'Europe/Berlin',
  allDay: false,
  recurrence: null,
  reminders: [],
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-02T00:00:00Z'),
  ...overrides,
});

describe('ICS', () => {
  it('escapes TEXT values', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'é'.repeat(60)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    expect(parts.map((part, i) => (i === 0 ? part : part.slice(1))).join('')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('counts UTF-8 bytes like an encoder, surrogate pairs included, and never splits a character', () => {
    const encoder = new TextEncoder();
    for (const text of [
      'a'.repeat(200),
      `X:${'€a😀ß'.repeat(40)}`,
      `X:${'😀'.repeat(30)}`,
      `X:${'a'.repeat(74)}é`,
      `X:${'\uD800é'.repeat(40)}`, // lone surrogates: 3 bytes each (U+FFFD), never paired with the next character
    ]) {
      const parts = foldLine(text).split('\r\n');
      for (const [i, part] of parts.entries()) {
        expect(encoder.encode(part).length).toBeLessThanOrEqual(75);
        // Full chunks are full: a chunk is only cut where the next character would not fit.
        if (i < parts.length - 1) expect(encoder.encode(part).length).toBeGreaterThan(71);
        expect(part.includes('\uFFFD')).toBe(false);
      }
      expect(parts.map((part, i) => (i === 0 ? part : part.slice(1))).join('')).toBe(text);
      expect(encoder.encode(parts.map((part, i) => (i === 0 ? part : part.slice(1))).join('')).length).toBe(
        encoder.encode(text).length,
      );
    }
  });

  it('writes events with TZID, RRULE and VALARM, CRLF-terminated', () => {
    const text = buildCalendar(
      [
        event({ recurrence: 'FREQ=WEEKLY;BYDAY=MO', reminders: [0, 15], description: 'Room 4, floor 2' }),
        event({
          id: '00000000-0000-4000-8000-000000000003',
          allDay: true,
          startsAt: new Date('2026-03-22T23:00:00Z'),
          durationMinutes: 1440,
        }),
      ],
      { name: 'Ann', now: new Date('2026-03-01T12:00:00Z'), domain: 'example.test' },
    );
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    expect(text).toContain('UID:00000000-0000-4000-8000-000000000001@example.test');
    expect(text).toContain('DTSTAMP:20260301T120000Z');
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20260323T090000');
    expect(text).toContain('DTEND;TZID=Europe/Berlin:20260323T093000');
    expect(text).toContain('RRULE:FREQ=WEEKLY;BYDAY=MO');
    expect(text).toContain('TRIGGER:-PT15M');
    expect(text).toContain('TRIGGER:PT0M');
    expect(text).toContain('DESCRIPTION:Room 4\\, floor 2');
    expect(text).toContain('DTSTART;VALUE=DATE:20260323');
    expect(text).toContain('DTEND;VALUE=DATE:20260324');
    // One VTIMEZONE for the TZID used, with the 2026 changes.
    expect(text.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
    expect(text).toContain(
      'BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT',
    );
    expect(text).toContain(
      'BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD',
    );
  });

  it('describes zones without daylight saving with one observance', () => {
    expect(timeZoneLines('Asia/Kolkata', [2025, 2026])).toEqual([
      'BEGIN:VTIMEZONE',
      'TZID:Asia/Kolkata',
      'BEGIN:STANDARD',
      'DTSTART:16010101T000000',
      'TZOFFSETFROM:+0530',
      'TZOFFSETTO:+0530',
      'END:STANDARD',
      'END:VTIMEZONE',
    ]);
    const newYork = timeZoneLines('America/New_York', [2026]).join('\n');
    expect(newYork).toContain('DTSTART:20260308T020000\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400');
  });

  it('writes offsets with seconds (old local mean times) as ±HHMMSS, never a fraction', () => {
    expect([formatOffset(-44.5), formatOffset(330), formatOffset(-300), formatOffset(0)]).toEqual([
      '-004430',
      '+0530',
      '-0500',
      '+0000',
    ]);
    // Liberia kept -0:44:30 until 1972: a series starting there in 1971 lists that year's observances.
    const monrovia = timeZoneLines('Africa/Monrovia', [1971, 1972]);
    const offsets = monrovia.filter((line) => line.startsWith('TZOFFSET'));
    expect(offsets).toContain('TZOFFSETFROM:-004430');
    for (const line of offsets) expect(line).toMatch(/^TZOFFSET(FROM|TO):[+-]\d{4}(\d{2})?$/);
  });
});

describe('all-day events in the feed', () => {
  it('writes whole days on a DST day: DTEND is the next date', () => {
    const text = buildCalendar(
      [
        {
          id: 'e1',
          ownerId: 'u1',
          title: 'Holiday',
          description: null,
          startsAt: new Date('2026-10-24T22:00:00Z'),
          durationMinutes: 1440,
          timeZone: 'Europe/Berlin',
          allDay: true,
          recurrence: null,
          reminders: [],
          createdAt: new Date('2026-01-01T00:00:00Z'),
          updatedAt: new Date('2026-01-01T00:00:00Z'),
        },
      ],
      { name: 'x', now: new Date('2026-10-01T00:00:00Z'), domain: 'example.com' },
    );
    expect(text).toContain('DTSTART;VALUE=DATE:20261025\r\n');
    expect(text).toContain('DTEND;VALUE=DATE:20261026\r\n');
  });
});

describe('RRULE UNTIL in the feed', () => {
  const rrule = (fields: Partial<CalendarEvent>) =>
    buildCalendar([event(fields)], {
      name: 'x',
      now: new Date('2026-03-01T00:00:00Z'),
      domain: 'example.com',
    })
      .split('\r\n')
      .find((line) => line.startsWith('RRULE:'));

  it.each([
    // A date ends at 23:59:59 local (CEST, +02:00 in April).
    ['FREQ=WEEKLY;UNTIL=20260406', 'RRULE:FREQ=WEEKLY;UNTIL=20260406T215959Z'],
    // A local date-time is in the event's zone (CET before the change).
    ['FREQ=WEEKLY;UNTIL=20260323T090000', 'RRULE:FREQ=WEEKLY;UNTIL=20260323T080000Z'],
    ['FREQ=WEEKLY;UNTIL=20260406T065959Z', 'RRULE:FREQ=WEEKLY;UNTIL=20260406T065959Z'],
    ['FREQ=WEEKLY;COUNT=3', 'RRULE:FREQ=WEEKLY;COUNT=3'],
  ])('writes %s with a TZID start as UTC', (recurrence, expected) => {
    expect(rrule({ recurrence })).toBe(expected);
  });

  it.each([
    ['FREQ=DAILY;UNTIL=20260406', 'RRULE:FREQ=DAILY;UNTIL=20260406'],
    ['FREQ=DAILY;UNTIL=20260406T120000', 'RRULE:FREQ=DAILY;UNTIL=20260406'],
    // 23:30Z on the 5th is already the 6th in Berlin.
    ['FREQ=DAILY;UNTIL=20260405T233000Z', 'RRULE:FREQ=DAILY;UNTIL=20260406'],
  ])('writes %s with an all-day start as a DATE', (recurrence, expected) => {
    const start = new Date('2026-03-22T23:00:00Z'); // 23 March 00:00 CET
    expect(rrule({ recurrence, allDay: true, startsAt: start, durationMinutes: 1440 })).toBe(expected);
  });
});

describe('feed size and time zones', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const many = Array.from({ length: 40 }, (_, i) =>
    event({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      title: `Event ${i}`,
      description: `"\\${'ü'.repeat(1000)}`, // quotes and backslashes cost more inside the JSON response
      startsAt: new Date(Date.UTC(2026, 6, 1 + i, 8)),
    }),
  );
  const jsonBytes = (text: string) => Buffer.byteLength(JSON.stringify(text)) - 2;

  it('keeps whole events, most relevant first, within the byte cap', () => {
    const full = buildCalendar(many, { name: 'x', now, domain: 'example.com' });
    expect(full.match(/BEGIN:VEVENT/g)).toHaveLength(40);
    const maxBytes = Math.floor(jsonBytes(full) / 2);
    const capped = buildCalendar(many, { name: 'x', now, domain: 'example.com', maxBytes });
    expect(jsonBytes(capped)).toBeLessThanOrEqual(maxBytes);
    expect(jsonBytes(capped)).toBeGreaterThan(maxBytes - 2 * (jsonBytes(full) / 40) - 2000);
    const kept = capped.match(/BEGIN:VEVENT/g)?.length ?? 0;
    expect(kept).toBeGreaterThan(5);
    expect(kept).toBeLessThan(40);
    expect(capped.match(/END:VEVENT/g)).toHaveLength(kept);
    expect(capped.endsWith('END:VEVENT\r\nEND:VCALENDAR\r\n')).toBe(true);
    // The first events given (the most relevant) are the ones kept.
    expect(capped).toContain('SUMMARY:Event 0\r\n');
    expect(capped).not.toContain('SUMMARY:Event 39\r\n');
  });

  it('writes only the years a zone needs: around the start, and a series from a year back to five ahead', () => {
    const text = buildCalendar(
      [
        event({ startsAt: new Date('2030-03-10T12:00:00Z'), timeZone: 'America/New_York' }),
        event({ startsAt: new Date('2015-01-05T08:00:00Z'), recurrence: 'FREQ=WEEKLY', seriesEndsAt: null }),
      ],
      { name: 'x', now, domain: 'example.com' },
    );
    const years = (zone: string) => {
      const block = text.slice(
        text.indexOf(`TZID:${zone}`),
        text.indexOf('END:VTIMEZONE', text.indexOf(`TZID:${zone}`)),
      );
      return [...new Set([...block.matchAll(/DTSTART:(\d{4})/g)].map((match) => Number(match[1])))];
    };
    expect(years('America/New_York')).toEqual([1601, 2029, 2030]);
    expect(years('Europe/Berlin')).toEqual([1601, 2014, 2015, 2025, 2026, 2027, 2028, 2029, 2030, 2031]);
  });
});
