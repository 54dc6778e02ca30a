// URL safety for editor-supplied links, and JSON-LD that no content can break out of.
import { describe, expect, it } from 'vitest'
import { jsonLdText } from '../../../worker/render/jsonld'
import { absoluteUrl, isSafeHref, isUrlSafeSlug } from '../../../worker/lib/urls'

describe('isSafeHref', () => {
  it('accepts web, mail, phone and on-site links', () => {
    for (const href of [
      'https://a.org',
      'http://a.org/x?y=1',
      'mailto:a@b.org',
      'tel:999',
      '/x',
      '#y',
      '?page=2',
    ]) {
      expect(isSafeHref(href)).toBe(true)
    }
  })
  it('rejects script, data, file and protocol-relative links', () => {
    for (const href of [
      'javascript:alert(1)',
      'JAVASCRIPT:x',
      'java\nscript:x',
      'vbscript:x',
      'data:text/html,x',
      'file:///etc/passwd',
      '//evil.org',
      '/\\evil.org',
      '',
      '  ',
    ]) {
      expect(isSafeHref(href)).toBe(false)
    }
  })
})

describe('slugs and absolute URLs', () => {
  it('accepts URL-safe slugs only', () => {
    expect(isUrlSafeSlug('nrm-webinar')).toBe(true)
    expect(isUrlSafeSlug('a/b')).toBe(false)
    expect(isUrlSafeSlug('has space')).toBe(false)
    expect(isUrlSafeSlug('-leading')).toBe(false)
  })
  it('joins the site URL and a path', () => {
    expect(absoluteUrl('https://site.org', '/courses')).toBe('https://site.org/courses')
    expect(absoluteUrl('https://site.org/', '/courses?page=2')).toBe(
      'https://site.org/courses?page=2',
    )
  })
})

describe('jsonLdText', () => {
  it('escapes < so a title cannot close the script element', () => {
    const text = jsonLdText({ name: '</script><script>alert(1)</script>' })
    expect(text).not.toContain('</script>')
    expect(JSON.parse(text)).toEqual({ name: '</script><script>alert(1)</script>' })
  })
})
