export { QueueActivity, type QueueActivityProps } from './QueueActivity';
export { formatActivityTime, healthText, lastSyncText, relativeTime, syncedText } from './words';
