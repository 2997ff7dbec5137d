// The SQL our routes run, as the raw baselines run it (bench/support/raw-server.ts, bench/db-statements).
// What findEventsOverlapping runs for GET /events/week/{date}.
export const WEEK_SQL = `select e.*, (select coalesce(array_agg(r.minutes_before), '{}') from calendar_reminders r where r.event_id = e.id) as reminders
  from calendar_events e where e.owner_id = $1 and e.span && tstzrange($2::timestamptz, $3::timestamptz, '[)')`;
// What the meetings context runs for the week view's meetings (listAttendedMeetingsBetween): the view
// shows the events and the meetings the user attends, so the baseline runs both, side by side.
export const WEEK_MEETINGS_SQL = `select mt.*, a.user_id as attendee_id from meetings as mt
  inner join meeting_attendees as a on a.meeting_id = mt.id
  where a.user_id in ($1) and mt.cancelled_at is null and mt.starts_at < $3 and (mt.series_ends_at is null or mt.series_ends_at > $2)`;
// What findUserById runs for GET /me.
export const ME_SQL = 'select * from users where id = $1';
// What POST /events runs without reminders: the owner's zone, then the insert in a transaction.
export const ZONE_SQL = 'select time_zone from users where id = $1';
export const INSERT_SQL = `insert into calendar_events (owner_id, title, description, starts_at, duration_minutes, time_zone, all_day, recurrence, series_ends_at)
  values ($1, $2, null, $3, $4, $5, false, null, $6) returning *`;
