// EventBridge schedule expressions (`rate(...)`, `cron(...)`), evaluated per UTC minute as AWS does.
// The local scheduler (cron-scheduler.ts) asks, at the start of every wall-clock minute, which functions
// are due. AWS cron fields: minutes hours day-of-month month day-of-week year; day-of-week 1-7 = SUN-SAT.

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export type ScheduleMatcher = (at: Date) => boolean;

function parseValue(text: string, names: string[] | undefined, offset: number): number {
  const named = names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + offset;
  if (!/^\d+$/.test(text)) throw new Error(`"${text}" is not a number${names ? ' or a name' : ''}`);
  return Number(text);
}

/** One cron field (`*`, `?`, `5`, `1-5`, `*\/10`, `10-40/10`, `MON-FRI`, lists of these). */
function fieldMatcher(spec: string, min: number, max: number, names?: string[]): (value: number) => boolean {
  const parts = spec.split(',').map((part) => {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : parseValue(stepText, undefined, 0);
    if (step < 1) throw new Error(`step "${stepText}" must be at least 1`);
    let from = min;
    let to = max;
    if (range !== '*' && range !== '?') {
      const [start = '', end] = range.split('-');
      from = parseValue(start, names, min);
      to = end === undefined ? (stepText === undefined ? from : max) : parseValue(end, names, min);
    }
    if (from < min || to > max || from > to) throw new Error(`"${part}" is outside ${min}-${max}`);
    return (value: number) => value >= from && value <= to && (value - from) % step === 0;
  });
  return (value) => parts.some((matches) => matches(value));
}

function rateMatcher(body: string): ScheduleMatcher {
  const match = /^(\d+)\s+(minutes?|hours?|days?)$/.exec(body.trim());
  if (!match || Number(match[1]) < 1)
    throw new Error(`"rate(${body})" is not "rate(<n> minute|hour|day[s])"`);
  const every = Number(match[1]);
  const unit = match[2]!.replace(/s$/, '');
  // Aligned on the epoch (AWS aligns a rate on the rule's creation; either way it fires every n units).
  return (at) => {
    const minutes = Math.floor(at.getTime() / 60_000);
    if (unit === 'minute') return minutes % every === 0;
    if (unit === 'hour') return minutes % 60 === 0 && Math.floor(minutes / 60) % every === 0;
    return minutes % 1440 === 0 && Math.floor(minutes / 1440) % every === 0;
  };
}

function cronMatcher(body: string): ScheduleMatcher {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`"cron(${body})" needs 6 fields (minutes … year)`);
  const unsupported = fields.find((field) => /[LW#]/i.test(field.replace(/[a-z]{3}/gi, '')));
  if (unsupported) throw new Error(`"${unsupported}" (L, W, #) is not supported locally`);
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const m = fieldMatcher(minutes, 0, 59);
  const h = fieldMatcher(hours, 0, 23);
  const dom = fieldMatcher(dayOfMonth, 1, 31);
  const mon = fieldMatcher(month, 1, 12, MONTHS);
  const dow = fieldMatcher(dayOfWeek, 1, 7, DAYS);
  const y = fieldMatcher(year, 1970, 2199);
  return (at) =>
    m(at.getUTCMinutes()) &&
    h(at.getUTCHours()) &&
    dom(at.getUTCDate()) &&
    mon(at.getUTCMonth() + 1) &&
    dow(at.getUTCDay() + 1) &&
    y(at.getUTCFullYear());
}

/** A matcher for one schedule expression; throws with the reason when it cannot be evaluated. */
export function scheduleMatcher(expression: string): ScheduleMatcher {
  const match = /^(rate|cron)\((.*)\)$/.exec(expression.trim());
  if (!match) throw new Error(`"${expression}" is neither rate(...) nor cron(...)`);
  return match[1] === 'rate' ? rateMatcher(match[2]!) : cronMatcher(match[2]!);
}
