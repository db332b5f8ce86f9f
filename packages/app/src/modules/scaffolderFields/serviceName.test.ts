import { serviceNameProblem } from './serviceName';

// The same table as plugins/scaffolder-backend-module-local-git/src/serviceName.test.ts:
// the form and acme:validate-service say the same words.
describe('service name rules, in words', () => {
  it.each([
    ['', 'Enter a name for the service.'],
    ['a'.repeat(64), 'Use at most 63 characters (this name has 64).'],
    [
      'Bad_Name',
      "Use lowercase letters, digits and '-' only; start with a letter.",
    ],
    ['-orders', "Start with a letter, not '-'."],
    ['1orders', 'Start with a letter, not a digit.'],
    ['orders-', "End with a letter or a digit, not '-'."],
    ['orders-api-2', undefined],
  ])('%j: %s', (name, problem) => {
    expect(serviceNameProblem(name)).toBe(problem);
  });
});
