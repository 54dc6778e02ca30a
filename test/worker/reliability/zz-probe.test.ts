import { env, SELF } from 'cloudflare:test'
import { it } from 'vitest'
it('probe', async () => {
  const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'").all<{ name: string }>()
  const sql = `SELECT ${results.map((r) => `(SELECT count(*) FROM "${r.name}") AS "${r.name}"`).join(', ')}`
  let t = performance.now()
  for (let i = 0; i < 200; i++) await env.DB.prepare(sql).first()
  console.log('count query ms', (performance.now() - t) / 200, results.length)
  t = performance.now()
  for (let i = 0; i < 200; i++) { const r = await SELF.fetch('https://example.com/api/v1/registrations', { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': `1.2.${i}.3` }, body: '{"x":1}' }); await r.text() }
  console.log('api 400 ms', (performance.now() - t) / 200)
  t = performance.now()
  for (let i = 0; i < 100; i++) { const r = await SELF.fetch('https://example.com/webhooks/sanity', { method: 'POST', headers: { 'content-type': 'application/json', 'sanity-webhook-signature': `t=${Date.now()},v1=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA` }, body: '{"x":1}' }); await r.text() }
  console.log('webhook 401 ms', (performance.now() - t) / 100)
  t = performance.now()
  for (let i = 0; i < 50; i++) { const r = await SELF.fetch('https://example.com/register/example-nrm-refresher/nrm-2027-06-16', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://example.com', 'cf-connecting-ip': `1.3.${i}.3` }, body: 'name=x' }); await r.text() }
  console.log('form 400 ms', (performance.now() - t) / 50)
}, 120_000)
