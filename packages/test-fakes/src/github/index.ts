export {
  FakeGitHub,
  type FakeGitHubOptions,
  type Fault as FakeGitHubFault,
  type RequestRecord as FakeGitHubRequest,
} from './server';
export {
  CATALOG_FILE as FAKE_GITHUB_CATALOG_FILE,
  FIXTURES as FAKE_GITHUB_FIXTURES,
  generateOrg as generateFakeGitHubOrg,
  githubAccount as fakeGitHubAccount,
  type FakeOrg as FakeGitHubOrg,
  type FakeRepo as FakeGitHubRepo,
  type FakeTeam as FakeGitHubTeam,
  type FakeUser as FakeGitHubUser,
} from './org';
export {
  githubSignIn,
  githubSignInAttempt,
  type SignInAttempt as GitHubSignInAttempt,
} from './signIn';
export type { FakeOAuthApp as FakeGitHubOAuthApp } from './oauth';
export type { FakeGitHubAppOptions } from './githubApp';
export type { BranchProtection as FakeGitHubBranchProtection } from './gitHosting';
export type { FakePullRequest as FakeGitHubPullRequest } from './pullRequests';
