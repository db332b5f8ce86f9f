import { campaignsPlugin } from './plugin';

describe('campaigns', () => {
  it('should export plugin', () => {
    expect(campaignsPlugin).toBeDefined();
  });
});
