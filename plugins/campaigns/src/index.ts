/**
 * Frontend of the campaigns plugin: the Campaigns page in the sidebar.
 *
 * @packageDocumentation
 */

export { campaignsPlugin as default } from './plugin';
export {
  campaignsApiRef,
  CampaignsClient,
  type CampaignsApi,
} from './api/CampaignsApi';
