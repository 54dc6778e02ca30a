// The site settings singleton with safe defaults: every page, the signup pages and the error
// pages show it, and each must still render when it is missing, malformed or unreachable.
import { DEFAULT_QUICK_EXIT_URL, settings as settingsSchema, type Settings } from './models'

export const FALLBACK_SETTINGS: Settings = {
  _id: 'siteSettings',
  title: 'Safeguard',
  tagline: undefined,
  navigation: [],
  footer: { text: undefined, links: [] },
  quickExitUrl: DEFAULT_QUICK_EXIT_URL,
  defaultSeo: undefined,
  alertTopics: [],
  organisation: undefined,
}

/** Site settings, or safe defaults when the singleton is missing or malformed. */
export function parseSettings(raw: unknown): Settings {
  const r = settingsSchema.safeParse(raw)
  return r.success ? r.data : FALLBACK_SETTINGS
}
