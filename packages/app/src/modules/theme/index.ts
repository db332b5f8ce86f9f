export { themeModule } from './themes';
