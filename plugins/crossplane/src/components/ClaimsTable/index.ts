export { age, ClaimsTable, committedText } from './ClaimsTable';
