// Email bodies: one plain-text and one simple HTML rendering from the same parts, so every
// message reads well in any client and every link is visible as text.

export type EmailAction = { label: string; url: string }
export type EmailParts = {
  heading: string
  paragraphs: string[]
  /** Key facts shown as "Label: value" lines (date, venue...). */
  facts?: [string, string][]
  actions?: EmailAction[]
  /** Small print: why they got this, unsubscribe or cancel links. */
  footer?: (string | EmailAction)[]
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

function textPart(p: EmailParts): string {
  const out: string[] = [p.heading, '']
  for (const para of p.paragraphs) out.push(para, '')
  if (p.facts?.length) {
    for (const [k, v] of p.facts) out.push(`${k}: ${v}`)
    out.push('')
  }
  for (const a of p.actions ?? []) out.push(`${a.label}:`, a.url, '')
  if (p.footer?.length) {
    out.push('--')
    for (const f of p.footer) out.push(typeof f === 'string' ? f : `${f.label}: ${f.url}`)
  }
  return out.join('\n').trimEnd() + '\n'
}

function htmlPart(p: EmailParts): string {
  const e = escapeHtml
  const facts = p.facts?.length
    ? `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">${p.facts
        .map(
          ([k, v]) =>
            `<tr><th style="text-align:left;padding:2px 12px 2px 0;vertical-align:top">${e(k)}</th><td style="padding:2px 0">${e(v)}</td></tr>`,
        )
        .join('')}</table>`
    : ''
  const actions = (p.actions ?? [])
    .map(
      (a) =>
        `<p><a href="${e(a.url)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px">${e(a.label)}</a><br><span style="font-size:12px;color:#555">${e(a.url)}</span></p>`,
    )
    .join('')
  const footer = p.footer?.length
    ? `<hr><p style="font-size:12px;color:#555">${p.footer
        .map((f) => (typeof f === 'string' ? e(f) : `<a href="${e(f.url)}">${e(f.label)}</a>`))
        .join('<br>')}</p>`
    : ''
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${e(p.heading)}</title></head><body style="font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#111;max-width:600px;margin:0 auto;padding:16px"><h1 style="font-size:20px">${e(p.heading)}</h1>${p.paragraphs.map((para) => `<p>${e(para)}</p>`).join('')}${facts}${actions}${footer}</body></html>`
}

export function renderEmail(parts: EmailParts): { text: string; html: string } {
  return { text: textPart(parts), html: htmlPart(parts) }
}

/** The site's absolute URL for a path (emails never carry relative links). */
export function siteUrl(env: Env, path: string): string {
  return new URL(path, env.SITE_URL).toString()
}
