import { registerHandlers } from '@/lib/background/handlers';
import { logActivity } from '@/lib/platform/activity';
import { SETTINGS_KEY } from '@/lib/platform/settings';
import { keepStorageFromPages } from '@/lib/platform/storage-access';
import {
  POLL_ALARM,
  refreshSettings,
  runner,
  scheduleBadge,
  schedulePolling,
  syncNow,
  WAKE_ALARM,
} from '@/lib/sync/engine';
import { releaseLeases } from '@/lib/sync/outbox';

export default defineBackground(() => {
  registerHandlers();
  void keepStorageFromPages().then((level) => {
    if (level === 'unsupported')
      logActivity('warn', 'This browser lets content scripts read extension storage (rules, activity log)');
  });
  const sync = (why: string) =>
    syncNow().catch((err: unknown) => {
      // No Mojo account yet is not news; anything else is.
      if (!String(err).includes('Connect Mojo first'))
        logActivity('warn', `Sync (${why}) did not finish`, String(err));
    });
  // Work left by a previous worker (a lease that expired when it was stopped) starts again now,
  // and the alarms are put back if the browser dropped them.
  void refreshSettings().then(async () => {
    const released = await releaseLeases();
    if (released > 0) logActivity('info', `Picked up ${released} unfinished steps after a restart`);
    runner.kick();
    scheduleBadge();
    await schedulePolling();
  });
  browser.runtime.onStartup.addListener(() => void sync('browser start'));
  // The queue waits while offline (the runner checks navigator.onLine) and drains when back.
  self.addEventListener('online', () => {
    logActivity('info', 'Back online: sending what waited');
    runner.kick();
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WAKE_ALARM) runner.kick();
    if (alarm.name === POLL_ALARM) void sync('schedule');
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SETTINGS_KEY in changes) void refreshSettings().then(schedulePolling);
  });
});
