// Shared helpers for the after-registration tests.
import { env } from 'cloudflare:test'

const JOURNEY_TABLES = ['journey_reminders', 'certificates', 'feedback', 'staff_check_ins']

export async function clearJourneyTables(): Promise<void> {
  await env.DB.batch(JOURNEY_TABLES.map((t) => env.DB.prepare(`DELETE FROM ${t}`)))
}
