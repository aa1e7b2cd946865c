import { registerHandlers } from '@/lib/background/handlers';
import { refreshSettings, runner, WAKE_ALARM } from '@/lib/sync/engine';

export default defineBackground(() => {
  registerHandlers();
  // Work left by a previous worker (a lease that expired when it was stopped) starts again now.
  void refreshSettings().then(() => runner.kick());
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WAKE_ALARM) runner.kick();
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && 'settings' in changes) void refreshSettings();
  });
});
