// The page shell every public page shares: skip link, the quick-exit control, header with the
// site's navigation and search, one <main>, footer. Landmarks, language and focus handling live
// here so no page can forget them.
import type { Child } from 'hono/jsx'
import type { JSX } from 'hono/jsx/jsx-runtime'
import type { Settings } from '../content/models'
import { Head, type PageMeta } from '../render/meta'
import { STYLESHEET_PATH } from './assets/stylesheet'

export type Crumb = { label: string; href?: string }

const DEFAULT_NAV = [
  { label: 'Courses', href: '/courses' },
  { label: 'Campaigns', href: '/campaigns' },
  { label: 'Reports', href: '/reports' },
  { label: 'News', href: '/news' },
  { label: 'Organisations', href: '/organisations' },
  { label: 'Contacts', href: '/contacts' },
]

// Every page links the privacy page (download or erase your data), whatever the editors put in
// the footer: the consent wording on every signup form points people to it.
const PRIVACY_LINK = { label: 'Your data and privacy', href: '/privacy' }

function isCurrent(path: string, href: string): boolean {
  const pathname = path.split('?')[0] ?? path
  if (href === '/') return pathname === '/'
  return pathname === href || pathname.startsWith(`${href}/`)
}

/** Modelled on GOV.UK "Exit this page": a link, so it works without JavaScript. */
function QuickExit(props: { url: string }) {
  return (
    <aside class="exit-bar" aria-label="Quick exit">
      <div class="container">
        <p class="exit-bar__note" id="exit-note">
          If you need to leave this site quickly, use the Exit button. It opens a neutral website.
        </p>
        <a
          href={props.url}
          class="exit-this-page"
          rel="noreferrer nofollow"
          referrerpolicy="no-referrer"
          aria-describedby="exit-note"
        >
          <span class="visually-hidden">Emergency: </span>Exit this page
        </a>
      </div>
    </aside>
  )
}

function Breadcrumbs(props: { items: Crumb[] }) {
  return (
    <nav class="breadcrumbs" aria-label="Breadcrumb">
      <ol>
        <li>
          <a href="/">Home</a>
        </li>
        {props.items.map((c, i) =>
          // Only the last item is the page itself; an earlier one without a page of its own is
          // plain text.
          i === props.items.length - 1 ? (
            <li>
              <span aria-current="page">{c.label}</span>
            </li>
          ) : (
            <li>{c.href ? <a href={c.href}>{c.label}</a> : c.label}</li>
          ),
        )}
      </ol>
    </nav>
  )
}

export function Layout(props: {
  env: Env
  settings: Settings
  meta: PageMeta
  breadcrumbs?: Crumb[]
  hero?: Child
  children?: Child
}) {
  const { settings, meta } = props
  const nav = settings.navigation.length > 0 ? settings.navigation : DEFAULT_NAV
  const footerLinks = settings.footer.links.some((l) => l.href === PRIVACY_LINK.href)
    ? settings.footer.links
    : [...settings.footer.links, PRIVACY_LINK]
  return (
    <html lang="en-GB">
      <Head env={props.env} settings={settings} meta={meta} stylesheet={STYLESHEET_PATH} />
      <body>
        <a href="#main" class="skip-link">
          Skip to main content
        </a>
        <QuickExit url={settings.quickExitUrl} />
        <header class="site-header">
          <div class="container">
            <a href="/" class="brand">
              <span>{settings.title}</span>
              {settings.tagline ? <span class="brand__tagline">{settings.tagline}</span> : null}
            </a>
            <form
              class="header-search"
              role="search"
              aria-label="Site"
              method="get"
              action="/search"
            >
              <label for="header-search-q" class="header-search__label">
                Search this site
              </label>
              <div class="header-search__row">
                <input id="header-search-q" type="search" name="q" autocomplete="off" />
                <button type="submit">Search</button>
              </div>
            </form>
          </div>
        </header>
        <nav class="main-nav" aria-label="Main">
          <div class="container">
            <ul>
              {nav.map((item) => (
                <li>
                  <a
                    href={item.href}
                    aria-current={isCurrent(meta.path, item.href) ? 'page' : undefined}
                  >
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        </nav>
        <main id="main" tabindex={-1}>
          {props.hero}
          <div class="container">
            {props.breadcrumbs ? <Breadcrumbs items={props.breadcrumbs} /> : null}
            {props.children}
          </div>
        </main>
        <footer class="site-footer">
          <div class="container">
            <nav aria-label="Footer">
              <ul>
                {footerLinks.map((l) => (
                  <li>
                    <a href={l.href}>{l.label}</a>
                  </li>
                ))}
              </ul>
            </nav>
            <p class="safety-note">
              <strong>Staying safe online:</strong> the Exit this page button takes you away from
              this site, but it does not delete your browsing history. If someone else uses your
              device, consider using a private window or clearing your history.
            </p>
            {settings.footer.text ? <p>{settings.footer.text}</p> : null}
            <p>© {settings.organisation?.name ?? settings.title}</p>
          </div>
        </footer>
      </body>
    </html>
  )
}

/** Serialises a page element to the final HTML document. */
export async function renderDocument(node: JSX.Element): Promise<string> {
  // A JSX node's toString() is a promise when any component below it is async.
  const html: string | Promise<string> = (await node).toString()
  return `<!doctype html>${await html}`
}
