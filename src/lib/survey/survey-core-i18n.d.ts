// survey-core's translation modules register themselves on import and ship no type declarations.
declare module 'survey-core/i18n/*';
