export { SurveyWidget } from './SurveyWidget';
