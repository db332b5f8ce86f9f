export { OnCallCard } from './OnCallCard';
