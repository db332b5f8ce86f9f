import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// These tests render the whole app (every plugin's extensions). On a busy
// 2-core machine that takes several seconds, so `findBy*` queries wait for
// the condition up to 15 s instead of testing-library's default 1 s, and a
// test gets 60 s instead of Jest's default 5 s.
configure({ asyncUtilTimeout: 15_000 });
jest.setTimeout(60_000);
