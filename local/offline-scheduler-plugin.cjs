// A local serverless plugin, loaded only by `npm start` (resources/plugins.yml, `offline`): the local
// runtime's own scheduler (local/cron-scheduler.ts) fires `schedule` events with Lambda's async retries
// and on-failure destination, so serverless-offline's built-in scheduler (one attempt, errors only
// logged) is switched off when the runtime sets SYNCORE_LOCAL_SCHEDULER=true. Nothing changes otherwise.
class OfflineSchedulerPlugin {
  constructor(serverless) {
    this.hooks = {
      'before:offline:start:init': () => {
        if (process.env.SYNCORE_LOCAL_SCHEDULER !== 'true') return;
        for (const key of serverless.service.getAllFunctions()) {
          for (const event of serverless.service.getFunction(key).events ?? []) {
            if (!event.schedule) continue;
            const schedule = typeof event.schedule === 'string' ? { rate: event.schedule } : event.schedule;
            event.schedule = { ...schedule, enabled: false };
          }
        }
      },
    };
  }
}

module.exports = OfflineSchedulerPlugin;
