// Portable Text from editors becomes HTML inside our pages: text must be escaped, only safe
// link targets survive, nothing needs inline styles, and malformed blocks never break a page.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { portableTextToHtml, portableTextToPlain } from '../../../worker/render/portable-text'

const span = (text: string, marks: string[] = []) => ({ _type: 'span', _key: 'k', text, marks })
const block = (children: unknown[], extra: Record<string, unknown> = {}) => ({
  _type: 'block',
  _key: 'b',
  style: 'normal',
  markDefs: [],
  children,
  ...extra,
})
const linked = (href: unknown) =>
  block([span('read more', ['l1'])], { markDefs: [{ _key: 'l1', _type: 'link', href }] })

describe('portableTextToHtml', () => {
  it('escapes markup typed into text', () => {
    const html = portableTextToHtml(env, [block([span('<script>alert(1)</script> & "quotes"')])])
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;')
  })

  it('keeps http(s), mailto, tel and site-relative links', () => {
    for (const href of [
      'https://www.gov.uk/x',
      'mailto:help@example.org',
      'tel:+448088005000',
      '/courses',
      '#top',
    ]) {
      expect(portableTextToHtml(env, [linked(href)])).toContain(`<a href="${href}"`)
    }
  })

  it('drops javascript:, data: and protocol-relative links but keeps their text', () => {
    for (const href of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<b>x</b>',
      '//evil.example/x',
      42,
    ]) {
      const html = portableTextToHtml(env, [linked(href)])
      expect(html).not.toContain('<a')
      expect(html).toContain('read more')
    }
  })

  it('escapes quotes in hrefs so an attribute cannot be broken out of', () => {
    const html = portableTextToHtml(env, [linked('https://example.org/"onmouseover="alert(1)')])
    expect(html).not.toContain('"onmouseover="')
  })

  it('starts headings at h2 (the page title is the only h1) and renders lists', () => {
    const html = portableTextToHtml(env, [
      block([span('Title')], { style: 'h1' }),
      block([span('Sub')], { style: 'h3' }),
      block([span('one')], { listItem: 'bullet', level: 1 }),
      block([span('two')], { listItem: 'bullet', level: 1 }),
    ])
    expect(html).not.toContain('<h1')
    expect(html).toContain('<h2>Title</h2>')
    expect(html).toContain('<h3>Sub</h3>')
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>')
  })

  it('renders marks without inline styles and drops unknown block types', () => {
    const html = portableTextToHtml(env, [
      block([span('bold', ['strong']), span('under', ['underline']), span('odd', ['mystery'])]),
      { _type: 'youtubeEmbed', _key: 'y', url: 'https://youtube.com' },
    ])
    expect(html).toContain('<strong>bold</strong>')
    expect(html).toContain('<u>under</u>')
    expect(html).toContain('odd')
    expect(html).not.toContain('style=')
    expect(html).not.toContain('youtube')
  })

  it('skips malformed blocks instead of failing', () => {
    const html = portableTextToHtml(env, [
      null,
      'text',
      { _type: 'block', children: 'not a list' },
      block([null, { _type: 'span', text: 5 }, span('survivor')]),
      { _type: 'block', style: 7, children: [span('default style')] },
    ])
    expect(html).toContain('<p>survivor</p>')
    expect(html).toContain('<p>default style</p>')
    expect(portableTextToHtml(env, 'not blocks')).toBe('')
    expect(portableTextToHtml(env, undefined)).toBe('')
  })

  it('renders inline images with alt text and a srcset, and skips broken ones', () => {
    const html = portableTextToHtml(env, [
      {
        _type: 'image',
        _key: 'i',
        asset: { _ref: 'image-abc123-1600x900-jpg' },
        alt: 'Two trainers',
      },
      { _type: 'image', _key: 'j', asset: { _ref: 'not-an-image' }, alt: 'x' },
    ])
    expect(html.match(/<img /g)).toHaveLength(1)
    expect(html).toContain('alt="Two trainers"')
    expect(html).toContain('srcset="')
    expect(html).toContain('sizes="')
  })

  it('gives plain text for descriptions', () => {
    expect(portableTextToPlain([block([span('Hello <b>')]), block([span('world')])])).toBe(
      'Hello <b> world',
    )
  })
})
