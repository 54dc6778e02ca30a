// After registration: reminders before a session, attendance, certificates, feedback and the
// "my bookings" page. The public routes as one sub-app and the cron work worker/index.ts wires;
// the staff routes (./admin) are mounted by worker/admin.
import { issueCertificates } from './certificates'
import { sendReminders } from './reminders'

export { journeyRoutes } from './routes'

/** Cron every 10 minutes: reminders for sessions starting soon, then certificates for ended ones. */
export async function journeyEvery10Minutes(env: Env, now: number = Date.now()): Promise<void> {
  // Independent jobs: a failure in one (the content store down) must not hold up the other.
  const results = await Promise.allSettled([sendReminders(env, now), issueCertificates(env, now)])
  for (const r of results) {
    if (r.status === 'rejected')
      console.error('journey cron:', r.reason instanceof Error ? r.reason.name : 'failed')
  }
}
