import { DateTime } from 'luxon';
import type { FieldError } from '#platform/errors';

/** Dates are calendar dates (`YYYY-MM-DD`) in the hotel's zone; a stay is the half-open range [checkIn, checkOut). */
export interface Stay {
  checkIn: string;
  checkOut: string;
}

export interface RateOverride {
  /** Newer overrides win where they overlap older ones. */
  id: string | number;
  startsOn: string;
  endsOn: string;
  price: number;
}

const day = (date: string) => DateTime.fromISO(date, { zone: 'UTC' });

export function nightsOf(stay: Stay): string[] {
  const nights: string[] = [];
  for (let night = day(stay.checkIn); night < day(stay.checkOut); night = night.plus({ days: 1 })) {
    nights.push(night.toISODate()!);
  }
  return nights;
}

/** Rules that need the hotel (today in its zone) and the room type (capacity). Empty when bookable. */
export function stayProblems(
  stay: Stay,
  guests: number,
  rules: { timeZone: string; capacity?: number; maxNights: number; now: Date },
): FieldError[] {
  const problems: FieldError[] = [];
  const today = DateTime.fromJSDate(rules.now, { zone: rules.timeZone }).toISODate()!;
  if (stay.checkIn < today) {
    problems.push({
      in: 'body',
      field: 'checkIn',
      message: `Check-in cannot be in the past (today is ${today} at the hotel).`,
    });
  }
  const nights = day(stay.checkOut).diff(day(stay.checkIn), 'days').days;
  if (nights < 1)
    problems.push({ in: 'body', field: 'checkOut', message: 'Check-out must be after check-in.' });
  if (nights > rules.maxNights)
    problems.push({ in: 'body', field: 'checkOut', message: `A stay is at most ${rules.maxNights} nights.` });
  if (rules.capacity !== undefined && guests > rules.capacity) {
    problems.push({
      in: 'body',
      field: 'guests',
      message: `This room type sleeps at most ${rules.capacity}.`,
    });
  }
  return problems;
}

/** Price of each night: the newest override covering it, else the base price. Integer minor units throughout. */
export function priceStay(
  stay: Stay,
  basePrice: number,
  overrides: RateOverride[],
): { total: number; nightly: { date: string; price: number }[] } {
  const newestFirst = [...overrides].sort((a, b) => Number(BigInt(b.id) - BigInt(a.id)));
  const nightly = nightsOf(stay).map((date) => {
    const override = newestFirst.find((rate) => rate.startsOn <= date && date < rate.endsOn);
    return { date, price: override?.price ?? basePrice };
  });
  return { total: nightly.reduce((sum, night) => sum + night.price, 0), nightly };
}

/** The instant check-in starts: the hotel's check-in time on the check-in date, in its zone. */
export function checkInInstant(checkIn: string, checkInTime: string, timeZone: string): Date {
  return DateTime.fromISO(`${checkIn}T${checkInTime}`, { zone: timeZone }).toJSDate();
}
