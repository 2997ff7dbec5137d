import { DateTime, IANAZone } from 'luxon';
import { CachedZone, isValidZone, zoneOf } from './zones.js';

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe', // 30-minute DST shift
  'Asia/Kathmandu', // +05:45
  'Pacific/Chatham', // +12:45 / +13:45
  'America/St_Johns', // -03:30, transitions at local 02:00
  'Europe/Dublin', // negative DST in the zone database
  'Etc/UTC', // (plain "UTC" is luxon's own fixed zone: see below)
];

describe('zones', () => {
  it.each(ZONES)('gives exactly the offsets of luxon for %s, around every transition', (name) => {
    const real = IANAZone.create(name);
    const cached = zoneOf(name) as CachedZone;
    expect(cached).toBeInstanceOf(CachedZone);
    // every 97 minutes 11 seconds over two years (crosses the transitions at odd instants), cold then
    // cached, and every minute of each hour that holds a transition (and the millisecond before it)
    const from = Date.UTC(2025, 0, 1);
    const to = Date.UTC(2027, 0, 1);
    const instants: number[] = [];
    for (let ts = from; ts < to; ts += 5_831_000) instants.push(ts);
    for (let ts = from; ts < to; ts += 3_600_000) {
      if (real.offset(ts) === real.offset(ts + 3_600_000)) continue;
      for (let t = ts; t <= ts + 3_600_000; t += 60_000) instants.push(t - 1, t);
    }
    const wrong = [...instants, ...instants].filter((ts) => cached.offset(ts) !== real.offset(ts));
    expect(wrong).toEqual([]);
  });

  it('builds the same DateTimes as a zone name does', () => {
    const instant = new Date('2026-03-29T00:59:59.999Z');
    for (const ms of [0, 1, 3_600_000, -1]) {
      const at = new Date(instant.getTime() + ms);
      const byName = DateTime.fromJSDate(at, { zone: 'Europe/Berlin' });
      const byCache = DateTime.fromJSDate(at, { zone: zoneOf('Europe/Berlin') });
      expect(byCache.toISO()).toBe(byName.toISO());
      expect(byCache.zoneName).toBe('Europe/Berlin');
      expect(byCache.equals(byName)).toBe(true);
    }
    const local = { year: 2026, month: 10, day: 25, hour: 2, minute: 30 };
    expect(DateTime.fromObject(local, { zone: zoneOf('Europe/Berlin') }).toISO()).toBe(
      DateTime.fromObject(local, { zone: 'Europe/Berlin' }).toISO(),
    );
  });

  it('leaves the names luxon makes fixed-offset zones to luxon, so UTC still prints as Z', () => {
    const instant = Date.UTC(2026, 7, 31, 9);
    for (const name of ['UTC', 'utc', 'GMT']) {
      expect(DateTime.fromMillis(instant, { zone: zoneOf(name) }).toISO({ suppressMilliseconds: true })).toBe(
        '2026-08-31T09:00:00Z',
      );
    }
    expect(DateTime.fromMillis(instant, { zone: zoneOf('Europe/Berlin') }).toISO()).toBe(
      '2026-08-31T11:00:00.000+02:00',
    );
  });

  it('remembers which names are zones, and hands unknown names back unchanged', () => {
    expect(isValidZone('Europe/Berlin')).toBe(true);
    expect(isValidZone('Mars/Olympus')).toBe(false);
    expect(isValidZone('Mars/Olympus')).toBe(false);
    expect(zoneOf('Mars/Olympus')).toBe('Mars/Olympus');
    expect(DateTime.now().setZone(zoneOf('Mars/Olympus')).isValid).toBe(false);
  });
});
