// The worker's secrets with fixed stand-in values, so tests and benchmarks run the same on a fresh
// clone (no .dev.vars): each run names its own values by a prefix; the optional ones stay empty.
export function standInSecrets(prefix: string) {
  return {
    SANITY_WEBHOOK_SECRET: `${prefix}-webhook-secret`,
    SANITY_READ_TOKEN: `${prefix}-read-token`,
    STAFF_TOKEN: `${prefix}-staff-token`,
    LINK_SECRET: `${prefix}-link-secret`,
    PREVIEW_SECRET: `${prefix}-preview-secret`,
    TURNSTILE_SECRET_KEY: '',
    TURNSTILE_SITE_KEY: '',
    CF_ACCESS_TEAM_DOMAIN: '',
    CF_ACCESS_AUD: '',
    CF_API_TOKEN: '',
    CF_ZONE_ID: '',
    EMAIL_API_URL: '',
    EMAIL_API_KEY: '',
  }
}
