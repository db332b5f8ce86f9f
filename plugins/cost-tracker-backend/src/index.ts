export { costTrackerPlugin as default } from './plugin';
