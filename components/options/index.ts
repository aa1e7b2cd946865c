/** The options page: rules per CRM object, schedule, advanced settings, settings file. */
export { OptionsPage, type OptionsPageProps } from './OptionsPage';
