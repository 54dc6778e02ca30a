// The content client is built per request from the environment: the embedded store offline,
// Sanity's API (optionally its CDN) in production, drafts only with the read token.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { fetchContent, sanityClient, ContentUnavailableError } from '../../../worker/content/client'

describe('sanityClient', () => {
  it('talks to the embedded store when SANITY_API_HOST is set', () => {
    const config = sanityClient(env).config()
    expect(config.apiHost).toBe(env.SANITY_API_HOST)
    expect(config.useProjectHostname).toBe(false)
    expect(config.useCdn).toBe(false)
    expect(config.perspective).toBe('published')
    expect(config.token).toBeUndefined()
  })

  it("uses Sanity's API and its CDN in production when SANITY_USE_CDN is true", () => {
    const config = sanityClient({ ...env, SANITY_API_HOST: '', SANITY_USE_CDN: 'true' }).config()
    expect(config.apiHost).toBe('https://api.sanity.io')
    expect(config.useProjectHostname).toBe(true)
    expect(config.useCdn).toBe(true)
  })

  it('reads drafts with the token and never from the CDN', () => {
    const config = sanityClient(
      { ...env, SANITY_API_HOST: '', SANITY_USE_CDN: 'true' },
      'drafts',
    ).config()
    expect(config.perspective).toBe('drafts')
    expect(config.useCdn).toBe(false)
    expect(config.token).toBe(env.SANITY_READ_TOKEN)
  })
})

describe('fetchContent', () => {
  it('reads from the store', async () => {
    const result = await fetchContent(env, '*[_id == "siteSettings"][0]{_id}')
    expect(result).toEqual({ _id: 'siteSettings' })
  })

  it('turns store failures into ContentUnavailableError without leaking details', async () => {
    const wrongPath = { ...env, SANITY_API_HOST: `${env.SANITY_API_HOST}/not-the-api` }
    await expect(fetchContent(wrongPath, '*[0]')).rejects.toBeInstanceOf(ContentUnavailableError)
    await expect(fetchContent(env, '*[')).rejects.toThrow(/content store answered 400/)
  })
})
