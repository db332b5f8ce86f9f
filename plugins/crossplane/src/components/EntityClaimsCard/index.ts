export { EntityClaimsCard } from './EntityClaimsCard';
