export { campaignsPlugin as default } from './plugin';
