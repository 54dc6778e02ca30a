// Builder for the home page: one query over five lists plus settings.
import { campaignCard, contact, courseCard, newsCard, reportCard } from '../../content/models'
import { homeQuery } from '../../content/queries'
import { futureSessions } from '../course-logic'
import { deps, htmlPage, parseItems, staleAfter, type BuildContext, type BuiltPage } from '../kit'
import { parseSettings } from '../../content/settings'
import { field } from '../../content/raw-results'
import { HomeView, type UpcomingSession } from '../views/home'

const SESSIONS_SHOWN = 6
const CARDS_SHOWN = 3

export async function buildHome(ctx: BuildContext): Promise<BuiltPage> {
  const raw = await ctx.fetch(homeQuery, { now: ctx.now.toISOString() })
  const settings = parseSettings(field(raw, 'settings'))
  const courses = parseItems(courseCard, field(raw, 'courses'))
  // One card per course (its next session), soonest first, so one busy course cannot fill the list.
  const sessions: (UpcomingSession & { raw: unknown })[] = courses
    .flatMap(({ item, raw: r }) => {
      const next = futureSessions(item, ctx.now).find(
        (s) => s.status !== 'cancelled' && Date.parse(s.start) > ctx.now.getTime(),
      )
      return next ? [{ course: item, session: next, raw: r }] : []
    })
    .sort((a, b) => Date.parse(a.session.start) - Date.parse(b.session.start))
    .slice(0, SESSIONS_SHOWN)
  const campaigns = parseItems(campaignCard, field(raw, 'campaigns')).slice(0, CARDS_SHOWN)
  const reports = parseItems(reportCard, field(raw, 'reports')).slice(0, CARDS_SHOWN)
  const news = parseItems(newsCard, field(raw, 'news')).slice(0, CARDS_SHOWN)
  const helplines = parseItems(contact, field(raw, 'helplines'))
  return htmlPage({
    path: '/',
    title: settings.title,
    // The query and the cards both go by session starts: a course leaves once its next one begins.
    staleAt: staleAfter(
      ctx.now,
      courses.flatMap((c) => c.item.sessions.map((s) => s.start)),
    ),
    deps: deps(
      [
        field(raw, 'settings'),
        ...[sessions, campaigns, reports, news, helplines].flatMap((l) => l.map((x) => x.raw)),
      ],
      ['course', 'campaign', 'report', 'newsPost', 'contact'],
    ),
    element: (
      <HomeView
        env={ctx.env}
        settings={settings}
        sessions={sessions}
        campaigns={campaigns.map((c) => c.item)}
        reports={reports.map((r) => r.item)}
        news={news.map((n) => n.item)}
        helplines={helplines.map((h) => h.item)}
      />
    ),
  })
}
