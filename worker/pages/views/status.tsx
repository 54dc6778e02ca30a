// Pages for things that are not there: 404 (never existed or unknown), 410 (unpublished or
// deleted, decided by the cache layer), 301 (renamed: the body browsers rarely show) and the
// generic error page, also the cache layer's 503. They help a visitor onward
// instead of dead-ending, and never say anything about why internally.
import type { Settings } from '../../content/models'
import { Layout } from '../../ui/layout'

function Onward() {
  return (
    <>
      <p>You could:</p>
      <ul>
        <li>
          <a href="/">go to the home page</a>
        </li>
        <li>
          <a href="/courses">browse courses</a>, <a href="/reports">reports</a> or{' '}
          <a href="/news">news</a>
        </li>
        <li>
          <a href="/contacts">contact us</a>
        </li>
      </ul>
      <form class="field" role="search" aria-label="Find a page" method="get" action="/search">
        <label for="status-search-q">Search this site</label>
        <input id="status-search-q" type="search" name="q" /> <button type="submit">Search</button>
      </form>
    </>
  )
}

export function NotFoundView(props: { env: Env; settings: Settings; path: string }) {
  return (
    <Layout
      env={props.env}
      settings={props.settings}
      meta={{ title: 'Page not found', path: props.path, noIndex: true }}
    >
      <h1>Page not found</h1>
      <p class="lede">
        If you typed the web address, check it is correct. If you followed a link, the page may have
        moved.
      </p>
      <Onward />
    </Layout>
  )
}

export function GoneView(props: { env: Env; settings: Settings; path: string }) {
  return (
    <Layout
      env={props.env}
      settings={props.settings}
      meta={{ title: 'Page removed', path: props.path, noIndex: true }}
    >
      <h1>This page has been removed</h1>
      <p class="lede">The page you are looking for is no longer published on this site.</p>
      <Onward />
    </Layout>
  )
}

export function MovedView(props: { env: Env; settings: Settings; path: string; to: string }) {
  return (
    <Layout
      env={props.env}
      settings={props.settings}
      meta={{ title: 'Page moved', path: props.path, noIndex: true }}
    >
      <h1>This page has moved</h1>
      <p class="lede">
        It is now at <a href={props.to}>{props.to}</a>.
      </p>
    </Layout>
  )
}

export function ErrorView(props: { env: Env; settings: Settings; path: string; status: number }) {
  const unavailable = props.status === 503
  return (
    <Layout
      env={props.env}
      settings={props.settings}
      meta={{
        title: unavailable ? 'Page temporarily unavailable' : 'Sorry, there is a problem',
        path: props.path,
        noIndex: true,
      }}
    >
      <h1>
        {unavailable
          ? 'Sorry, this page is temporarily unavailable'
          : 'Sorry, there is a problem with the service'}
      </h1>
      <p class="lede">Please try again in a few minutes.</p>
      <p>
        If you need help now, <a href="/contacts">our contacts page</a> lists helplines and how to
        reach us.
      </p>
    </Layout>
  )
}

export function BadRequestView(props: {
  env: Env
  settings: Settings
  path: string
  message: string
}) {
  return (
    <Layout
      env={props.env}
      settings={props.settings}
      meta={{ title: 'There is a problem', path: props.path, noIndex: true }}
    >
      <h1>There is a problem with that request</h1>
      <p class="lede">{props.message}</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </Layout>
  )
}
