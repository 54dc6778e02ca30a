// The site's stylesheet, part 1: tokens, typography, layout, header, navigation, quick exit,
// footer, focus and print. Mobile first; one column until there is room for more.
export const CSS_BASE = `
:root {
  --ink: #1b2631; --ink-soft: #44505c; --paper: #ffffff; --tint: #f3f6f8; --line: #c9d2da;
  --brand: #0b4f6c; --brand-dark: #083a50; --link: #0b5c8a; --link-visited: #5b3a87;
  --accent: #f2c14e; --focus: #ffdd00; --danger: #b3261e; --ok: #1d6b3a; --warn: #8a4b00;
  --radius: 6px; --measure: 42rem; --wide: 72rem;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --serif: Georgia, "Times New Roman", serif;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: var(--font); font-size: 1.0625rem; line-height: 1.6; color: var(--ink); background: var(--paper); }
@media (min-width: 48rem) { body { font-size: 1.125rem; } }
img { max-width: 100%; height: auto; }
h1, h2, h3, h4 { line-height: 1.25; margin: 1.5em 0 0.5em; color: var(--ink); }
h1 { font-family: var(--serif); font-size: clamp(1.5rem, 1.1rem + 2.2vw, 2.75rem); margin-top: 0.5em; letter-spacing: -0.01em; overflow-wrap: break-word; }
h2 { font-size: clamp(1.25rem, 1.1rem + 0.8vw, 1.75rem); overflow-wrap: break-word; }
h3 { font-size: 1.2rem; }
p, ul, ol, dl, blockquote, figure { margin: 0 0 1em; }
a { color: var(--link); text-decoration-thickness: 1px; text-underline-offset: 0.15em; }
a:visited { color: var(--link-visited); }
a:hover { color: var(--brand-dark); text-decoration-thickness: 3px; }
:focus-visible { outline: 3px solid var(--ink); outline-offset: 0; box-shadow: 0 0 0 6px var(--focus); }
a:focus-visible { outline: none; background: var(--focus); color: var(--ink); box-shadow: 0 -2px var(--focus), 0 4px var(--ink); text-decoration: none; }
.visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important; margin: 0 !important; padding: 0 !important; overflow: hidden !important; clip: rect(0 0 0 0) !important; clip-path: inset(50%) !important; border: 0 !important; white-space: nowrap !important; }
.honeypot { position: absolute !important; left: -10000px !important; width: 1px; height: 1px; overflow: hidden; }
.container { width: 100%; max-width: var(--wide); margin: 0 auto; padding: 0 1rem; }
@media (min-width: 48rem) { .container { padding: 0 2rem; } }
.skip-link { position: absolute; left: 1rem; top: -10rem; z-index: 100; padding: 0.75rem 1rem; background: var(--focus); color: var(--ink); font-weight: 700; }
.skip-link:focus, .skip-link:focus-visible { top: 0.5rem; }

/* Quick exit: always at the top, large, red, reachable first after the skip link. */
.exit-bar { position: sticky; top: 0; z-index: 50; background: var(--paper); border-bottom: 1px solid var(--line); }
.exit-bar .container { display: flex; gap: 1rem; align-items: center; justify-content: space-between; padding-top: 0.5rem; padding-bottom: 0.5rem; }
.exit-bar__note { margin: 0; font-size: 0.875rem; color: var(--ink-soft); }
@media (max-width: 40rem) { .exit-bar__note { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; } }
.exit-this-page, .exit-this-page:visited { display: inline-flex; align-items: center; min-height: 2.75rem; padding: 0.5rem 1.25rem; background: var(--danger); color: #fff; font-weight: 700; text-decoration: none; border-radius: var(--radius); box-shadow: 0 3px 0 #6d1610; white-space: nowrap; margin-left: auto; }
.exit-this-page:hover { background: #8f1e17; color: #fff; }
.exit-this-page:focus-visible { background: var(--focus); color: var(--ink); box-shadow: 0 3px 0 var(--ink); }

/* Header: compact on phones (the tagline waits for wider screens) so content starts sooner. */
.site-header { background: var(--brand); color: #fff; }
.site-header .container { display: flex; flex-wrap: wrap; gap: 0.25rem 2rem; align-items: center; justify-content: space-between; padding-top: 0.5rem; padding-bottom: 0.75rem; }
.brand, .brand:visited { color: #fff; text-decoration: none; font-family: var(--serif); font-size: 1.3rem; font-weight: 700; display: inline-flex; flex-direction: column; }
.brand__tagline { display: none; font-family: var(--font); font-size: 0.875rem; font-weight: 400; opacity: 0.92; }
.brand:hover { color: #fff; text-decoration: underline; }
.header-search { display: flex; flex-direction: column; gap: 0.15rem; flex: 1 1 100%; min-width: 0; }
.header-search__label { font-size: 0.875rem; line-height: 1.3; }
.header-search__row { display: flex; align-items: stretch; }
.header-search input { flex: 1 1 auto; width: 100%; min-width: 0; min-height: 2.75rem; padding: 0.4rem 0.5rem; border: 2px solid #fff; border-radius: var(--radius) 0 0 var(--radius); font: inherit; font-size: 1rem; }
.header-search button { padding: 0.4rem 0.9rem; border: 2px solid #fff; background: var(--brand-dark); color: #fff; font: inherit; font-size: 1rem; font-weight: 700; border-radius: 0 var(--radius) var(--radius) 0; cursor: pointer; }
@media (min-width: 48rem) {
  .site-header .container { padding-top: 1rem; padding-bottom: 1rem; }
  .brand, .brand:visited { font-size: 1.5rem; }
  .brand__tagline { display: block; }
  .header-search { flex: 0 1 auto; }
  .header-search input { width: 14rem; }
}
.main-nav { background: var(--brand-dark); }
.main-nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0 0.25rem; }
.main-nav a, .main-nav a:visited { display: inline-block; padding: 0.6rem 0.5rem; min-height: 2.75rem; color: #fff; text-decoration: none; font-weight: 600; }
@media (min-width: 48rem) { .main-nav a, .main-nav a:visited { padding: 0.75rem; } }
.main-nav a:hover { text-decoration: underline; color: #fff; }
.main-nav a[aria-current="page"] { box-shadow: inset 0 -4px 0 var(--accent); }
.main-nav a:focus-visible { color: var(--ink); }

main { display: block; padding: 1rem 0 3rem; }
main:focus { outline: none; }
.breadcrumbs { font-size: 0.9375rem; margin: 0.5rem 0 0; }
.breadcrumbs ol { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.25rem; }
.breadcrumbs li + li::before { content: "›"; margin: 0 0.4rem; color: var(--ink-soft); }
.breadcrumbs a { display: inline-block; padding: 0.2rem 0; }
.lede { font-size: 1.2rem; color: var(--ink-soft); max-width: var(--measure); }
.prose { max-width: var(--measure); }
.prose blockquote { margin-left: 0; padding-left: 1rem; border-left: 4px solid var(--line); color: var(--ink-soft); font-style: italic; }
.prose-figure figcaption { font-size: 0.9375rem; color: var(--ink-soft); }

.site-footer { background: var(--tint); border-top: 4px solid var(--brand); padding: 2rem 0; font-size: 0.9375rem; }
.site-footer ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
.site-footer a { display: inline-block; padding: 0.2rem 0; }
.site-footer .safety-note { max-width: var(--measure); }

@media print {
  .exit-bar, .skip-link, .main-nav, .header-search, .signup-form, .filters, .pagination, .site-footer nav { display: none !important; }
  .site-header { background: none; color: #000; }
  .brand, .brand:visited { color: #000; }
  body { font-size: 11pt; color: #000; }
  a { color: #000; }
  .prose a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; word-break: break-all; }
  .card, .session { break-inside: avoid; }
}
`
