export { CampaignsRouter } from './CampaignsRouter';
