import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// On a busy 2-core machine a page renders slowly: `findBy*` queries wait up
// to 15 s instead of 1 s, and a test gets 60 s instead of Jest's 5 s.
configure({ asyncUtilTimeout: 15_000 });
jest.setTimeout(60_000);
