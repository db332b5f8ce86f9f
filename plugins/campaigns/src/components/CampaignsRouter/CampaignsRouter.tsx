import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import { Route, Routes } from 'react-router-dom';
import { CampaignForm } from '../CampaignForm';
import { CampaignListPage } from '../CampaignListPage';
import { CampaignPage } from '../CampaignPage';

/** `/campaigns`, `/campaigns/new`, `/campaigns/:id` and `/campaigns/:id/edit`. */
export function CampaignsRouter() {
  return (
    <ReactRouterV6PageRouter>
      <Routes>
        <Route path="/" element={<CampaignListPage />} />
        <Route path="/new" element={<CampaignForm />} />
        <Route path="/:id" element={<CampaignPage />} />
        <Route path="/:id/edit" element={<CampaignForm />} />
      </Routes>
    </ReactRouterV6PageRouter>
  );
}
