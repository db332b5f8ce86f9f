export { portalActionsPlugin as default } from './plugin';
