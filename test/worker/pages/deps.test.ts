// Dependencies are how the cache rebuilds exactly the right pages on publish: every page lists
// the published documents it used (referenced ones too, and siteSettings) and 'type:<t>' for
// every list it shows. canonicalPaths lists every page to prebuild.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { canonicalPaths } from '../../../worker/pages/build'
import { built } from './helpers'

describe('page dependencies', () => {
  it('home: every list type, the helpline contacts and their organisation', async () => {
    const page = await built('/')
    expect(page.deps).toEqual(
      expect.arrayContaining([
        'siteSettings',
        'type:course',
        'type:campaign',
        'type:report',
        'type:newsPost',
        'type:contact',
        'contact.nspcc-helpline',
        'organisation.nspcc-ctac',
        'organisation.ecpat-uk',
        'campaign.example-guardian-for-every-child',
      ]),
    )
  })

  it('a course page: the course, its provider and the settings, and no list types', async () => {
    const page = await built('/courses/nrm-webinar')
    expect(page.deps).toEqual(['course.nrm-webinar', 'organisation.ecpat-uk', 'siteSettings'])
  })

  it('a course page lists its trainers', async () => {
    const page = await built('/courses/example-introduction-london')
    expect(page.deps).toContain('contact.karen-sizeland')
  })

  it('contacts: public contacts and their organisations, never internal ones', async () => {
    const page = await built('/contacts')
    expect(page.deps).toEqual(
      expect.arrayContaining(['type:contact', 'contact.nspcc-helpline', 'organisation.nspcc-ctac']),
    )
    expect(page.deps).not.toContain('contact.nushra-mansuri')
    expect(page.body).not.toContain('Nushra Mansuri')
    // Public, but with no email or phone: nothing to contact.
    expect(page.body).not.toContain('Kalvir Kaur')
  })

  it('a listing page depends only on the documents on that page', async () => {
    const one = await built('/news')
    const two = await built('/news?page=2')
    const posts = (deps: string[]) => deps.filter((d) => d.startsWith('newsPost.'))
    expect(posts(one.deps)).toHaveLength(12)
    expect(posts(one.deps).filter((d) => posts(two.deps).includes(d))).toEqual([])
    expect(two.deps).toContain('type:newsPost')
  })

  it('an organisation page depends on the lists that can name it', async () => {
    const page = await built('/organisations/ecpat-uk')
    expect(page.deps).toEqual(
      expect.arrayContaining([
        'organisation.ecpat-uk',
        'course.introduction-to-child-trafficking',
        'type:course',
        'type:report',
        'type:campaign',
        'type:organisation',
      ]),
    )
  })

  it('a report page depends on its publishers', async () => {
    const page = await built('/reports/independent-child-trafficking-guardians-evaluation')
    expect(page.deps).toEqual(
      expect.arrayContaining([
        'report.independent-child-trafficking-guardians-evaluation',
        'organisation.home-office',
        'organisation.university-of-bedford',
      ]),
    )
  })
})

describe('canonicalPaths', () => {
  it('lists the fixed pages and every document page, each once, without query strings', async () => {
    const paths = await canonicalPaths(env)
    expect(new Set(paths).size).toBe(paths.length)
    for (const p of [
      '/',
      '/courses',
      '/campaigns',
      '/reports',
      '/news',
      '/contacts',
      '/courses/nrm-webinar',
      '/campaigns/example-guardian-for-every-child',
      '/reports/nrm-statistics-q1-2020',
      '/news/child-trafficking-in-the-uk-2018-snapshot',
      '/organisations/ecpat-uk',
      '/sitemap.xml',
      '/feed.xml',
    ]) {
      expect(paths).toContain(p)
    }
    expect(paths.filter((p) => p.includes('?'))).toEqual([])
    expect(paths).not.toContain('/search')
  })
})
