import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'

describe('smoke', () => {
  it('serves the home page', async () => {
    const res = await SELF.fetch('https://example.com/')
    expect(res.status).toBe(200)
  })
})
