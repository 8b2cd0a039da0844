// The plugin ships no types; it exports turndown plugins (functions taking the service).
declare module '@joplin/turndown-plugin-gfm' {
  import type TurndownService from 'turndown';
  export const gfm: TurndownService.Plugin;
}
