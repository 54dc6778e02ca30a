// The script Presentation preview pages load (bundled into the worker by
// studio/scripts/build-overlay.ts): @sanity/visual-editing's click-to-edit overlays, plus two
// things a server-rendered page must supply itself. Navigation: the Presentation tool follows the
// page's address and moves it by loading another page. Refresh: when a document changes in the
// Studio, the page's HTML is fetched again and its <main> swapped in, so the preview follows the
// editor's typing without a full reload (the overlays pick up the new elements).
import { enableVisualEditing, type HistoryAdapter } from '@sanity/visual-editing'

const here = () => `${location.pathname}${location.search}`

const history: HistoryAdapter = {
  subscribe: (navigate) => {
    navigate({ type: 'replace', url: here() })
    return () => undefined
  },
  update: (update) => {
    if (update.type === 'pop') window.history.back()
    else if (update.url !== here()) location.assign(update.url)
  },
}

let latest = 0

async function refreshMain(): Promise<void> {
  const mine = ++latest
  const res = await fetch(here(), { credentials: 'same-origin', cache: 'no-store' })
  if (!res.ok || mine !== latest) return
  const next = new DOMParser().parseFromString(await res.text(), 'text/html')
  const fresh = next.querySelector('main')
  const current = document.querySelector('main')
  if (!fresh || !current || mine !== latest) return
  current.replaceWith(document.importNode(fresh, true))
  document.title = next.title
}

enableVisualEditing({
  history,
  refresh: (payload) => {
    // 'manual' is the Studio's reload button; 'mutation' is an edit in the Studio.
    if (payload.source === 'manual') {
      location.reload()
      return false
    }
    return refreshMain()
  },
})
