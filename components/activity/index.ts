export { formatActivityTime, QueueActivity, type QueueActivityProps } from './QueueActivity';
