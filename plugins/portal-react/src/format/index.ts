export { formatDay, formatDayLong } from './day';
