// The site's stylesheet, part 2: cards, tags, listings, filters, pagination, sessions, progress,
// contact blocks, notices, buttons and the signup forms' fields (classes from worker/signups).
export const CSS_COMPONENTS = `
.section { margin: 2.5rem 0; }
.section__header { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.5rem 1rem; }
.section__header h2 { margin-bottom: 0.25em; }
.hero { background: var(--tint); border-bottom: 1px solid var(--line); padding: 2rem 0 1.5rem; margin: -1rem 0 1.5rem; }
.hero h1 { margin-top: 0; }
.grid { display: grid; gap: 1.25rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 40rem) { .grid--2, .grid--3 { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@media (min-width: 64rem) { .grid--3 { grid-template-columns: repeat(3, minmax(0, 1fr)); } .layout-aside { display: grid; grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr); gap: 3rem; } }
.card-list { list-style: none; padding: 0; margin: 0; }
.card { position: relative; background: var(--paper); border: 1px solid var(--line); border-top: 4px solid var(--brand); border-radius: var(--radius); padding: 1rem 1.25rem; display: flex; flex-direction: column; gap: 0.4rem; height: 100%; }
.card h3 { margin: 0; font-size: 1.15rem; }
.card p { margin: 0; }
.card__meta { font-size: 0.9375rem; color: var(--ink-soft); }
.card img { border-radius: calc(var(--radius) - 2px); margin: -0.25rem 0 0.25rem; }
.stack > * + * { margin-top: 1rem; }
.tags { list-style: none; padding: 0; margin: 0.25rem 0; display: flex; flex-wrap: wrap; gap: 0.35rem; }
.tag { display: inline-block; padding: 0.1rem 0.55rem; border-radius: 999px; background: var(--tint); border: 1px solid var(--line); font-size: 0.8125rem; color: var(--ink); }
.badge { display: inline-block; padding: 0.15rem 0.5rem; border-radius: 4px; font-size: 0.8125rem; font-weight: 700; letter-spacing: 0.02em; background: var(--tint); color: var(--ink); border: 1px solid var(--ink-soft); }
.badge--example { background: #fff4d6; border-color: var(--warn); color: #5c3200; }
.badge--cancelled { background: #fbe9e7; border-color: var(--danger); color: var(--danger); }
.badge--postponed { background: #fff4d6; border-color: var(--warn); color: #5c3200; }
.badge--live { background: #e6f4ea; border-color: var(--ok); color: var(--ok); }
.notice { border-left: 6px solid var(--brand); background: var(--tint); padding: 0.75rem 1rem; max-width: var(--measure); }
.notice--example { border-color: var(--warn); background: #fff8e6; }
.notice--warning { border-color: var(--danger); background: #fdf0ee; }
.meta-list { display: grid; grid-template-columns: minmax(6rem, max-content) minmax(0, 1fr); gap: 0.35rem 1rem; margin: 1rem 0; }
.meta-list dt { font-weight: 700; }
.meta-list dd { margin: 0; }
.facts { background: var(--tint); border-radius: var(--radius); padding: 1rem 1.25rem; }
.facts h2 { margin-top: 0; font-size: 1.2rem; }
.button, .button:visited, button[type="submit"] { display: inline-flex; align-items: center; justify-content: center; min-height: 2.75rem; padding: 0.5rem 1.25rem; border: 0; border-radius: var(--radius); background: var(--ok); color: #fff; font: inherit; font-weight: 700; text-decoration: none; box-shadow: 0 3px 0 #0f3d20; cursor: pointer; }
.button:hover, button[type="submit"]:hover { background: #15502b; color: #fff; }
.button--secondary, .button--secondary:visited { background: var(--tint); color: var(--ink); box-shadow: 0 3px 0 var(--line); border: 1px solid var(--ink-soft); }
.button--secondary:hover { background: #e2e8ed; color: var(--ink); }
button:focus-visible, .button:focus-visible { outline: 3px solid var(--focus); outline-offset: 0; box-shadow: 0 3px 0 var(--ink); background: var(--focus); color: var(--ink); }

/* Filters (GET form) and pagination */
.filters { background: var(--tint); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.25rem; margin: 1rem 0 1.5rem; }
.filters form { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-end; }
/* Each filter is as wide as its longest choice, so none is cut off; the row wraps instead. */
.filters .field { margin: 0; min-width: min(100%, 12rem); flex: 1 1 auto; }
.filters .field select { max-width: 100%; }
.filters .filters__actions { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.tabs { display: flex; gap: 0.5rem; flex-wrap: wrap; list-style: none; padding: 0; margin: 1rem 0; }
.tabs a { display: inline-block; padding: 0.5rem 1rem; min-height: 2.75rem; border: 1px solid var(--line); border-radius: var(--radius); text-decoration: none; }
.tabs a[aria-current="page"] { background: var(--brand); color: #fff; border-color: var(--brand); }
.result-count { color: var(--ink-soft); }
.pagination { margin: 2rem 0; }
.pagination ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.pagination a, .pagination span[aria-current] { display: inline-flex; align-items: center; justify-content: center; min-width: 2.75rem; min-height: 2.75rem; padding: 0 0.75rem; border: 1px solid var(--line); border-radius: var(--radius); text-decoration: none; }
.pagination span[aria-current] { background: var(--brand); color: #fff; border-color: var(--brand); font-weight: 700; }

/* Sessions and registration */
.session-list { list-style: none; padding: 0; margin: 0; display: grid; gap: 1.25rem; }
.session { border: 1px solid var(--line); border-left: 6px solid var(--brand); border-radius: var(--radius); padding: 1rem 1.25rem; }
.session--cancelled { border-left-color: var(--danger); }
.session--postponed { border-left-color: var(--warn); }
.session--past { border-left-color: var(--line); }
.session h3 { margin-top: 0; }
.session__when { font-weight: 700; font-size: 1.1rem; }
.seats { font-weight: 700; }
.progress { max-width: var(--measure); margin: 1rem 0; }
.progress progress { width: 100%; height: 1.25rem; accent-color: var(--ok); }
.milestones { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
.milestones .reached { font-weight: 700; color: var(--ok); }
.big-number { font-size: 2rem; font-weight: 700; font-family: var(--serif); }

/* Help and contacts */
.help-block { background: #eaf3f7; border: 2px solid var(--brand); border-radius: var(--radius); padding: 1.25rem 1.5rem; margin: 1.5rem 0; }
.help-block h2 { margin-top: 0; }
.contact-card { border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.25rem; background: var(--paper); }
.contact-card h3 { margin-top: 0; }
.contact-card a { display: inline-block; padding: 0.15rem 0; overflow-wrap: anywhere; }
.org-logo { display: block; max-width: 12rem; margin-top: 1rem; }
.download { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: 1rem 0 1.5rem; }

/* Signup forms (worker/signups/forms.tsx) */
.signup-form { border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.25rem; background: var(--tint); max-width: var(--measure); margin: 1rem 0; }
.signup-form h2 { margin-top: 0; font-size: 1.3rem; }
.field { margin: 0 0 1.25rem; }
.field label, .field legend { display: block; font-weight: 700; margin-bottom: 0.25rem; }
fieldset.field { border: 0; padding: 0; }
.hint { color: var(--ink-soft); margin: 0 0 0.35rem; font-size: 0.9375rem; }
.required { font-weight: 400; color: var(--ink-soft); }
.field input[type="text"], .field input[type="email"], .field input[type="search"], .field select, .field textarea { display: block; width: 100%; max-width: 30rem; min-height: 2.75rem; padding: 0.4rem 0.6rem; border: 2px solid var(--ink); border-radius: 0; font: inherit; background: var(--paper); color: var(--ink); }
.field input:focus-visible, .field select:focus-visible, .field textarea:focus-visible, .header-search input:focus-visible { outline: 3px solid var(--focus); outline-offset: 0; box-shadow: inset 0 0 0 2px var(--ink); }
.field--error { border-left: 5px solid var(--danger); padding-left: 0.9rem; }
.field--error input, .field--error select, .field--error textarea { border-color: var(--danger); }
.field-error { color: var(--danger); font-weight: 700; margin: 0 0 0.35rem; }
.field--consent input[type="checkbox"], .checkbox input[type="checkbox"] { width: 1.5rem; height: 1.5rem; margin: 0 0.5rem 0 0; vertical-align: middle; }
.field--consent label, .checkbox label { display: inline; font-weight: 400; vertical-align: middle; }
.checkbox { margin: 0.4rem 0; min-height: 1.5rem; }
.consent-text { max-width: var(--measure); }
.consent-version { color: var(--ink-soft); font-size: 0.875rem; }
.error-summary { border: 4px solid var(--danger); padding: 1rem 1.25rem; margin-bottom: 1.5rem; background: var(--paper); }
.error-summary h2 { margin-top: 0; font-size: 1.2rem; }
.error-summary a { color: var(--danger); font-weight: 700; }
.error-summary:focus { outline: 3px solid var(--focus); }
/* The local dev mailbox: long links and unbroken lines in a plain-text body wrap, never widen the page. */
.mailbox, .mailbox__text { overflow-wrap: anywhere; }
.mailbox__text { white-space: pre-wrap; }
/* After registration (worker/journey): bookings, feedback, the certificate */
.booking-list { list-style: none; padding: 0; max-width: var(--measure); }
.booking-list > li { border-top: 1px solid var(--line); padding: 0.75rem 0; }
.booking-actions { display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; list-style: none; padding: 0; margin: 0.25rem 0 0; }
.radio { margin: 0.4rem 0; min-height: 1.5rem; }
.radio input[type="radio"] { width: 1.5rem; height: 1.5rem; margin: 0 0.5rem 0 0; vertical-align: middle; }
.radio label { display: inline; font-weight: 400; vertical-align: middle; }
.certificate { border: 6px double var(--ink); padding: 2rem 1.5rem; text-align: center; max-width: 46rem; margin: 1rem auto; background: var(--paper); }
.certificate h1 { margin-top: 0; }
.certificate__lead { color: var(--ink-soft); margin: 0.5rem 0; }
.certificate__name { font-size: 2rem; font-weight: 700; margin: 0.25rem 0; overflow-wrap: anywhere; }
.certificate__course { font-size: 1.35rem; font-weight: 700; margin: 0.25rem 0 1.25rem; }
.certificate__facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1rem; text-align: left; max-width: 34rem; margin: 0 auto 1rem; }
.certificate__facts dt { font-weight: 700; }
.certificate__facts dd { margin: 0; overflow-wrap: anywhere; }
.certificate__verify { font-size: 0.9375rem; overflow-wrap: anywhere; }
.certificate__withdrawn { border: 3px solid var(--danger); color: var(--danger); font-weight: 700; padding: 0.5rem; }
@page { size: A4; margin: 15mm; }
@media print {
  body:has(.certificate) .site-header, body:has(.certificate) .site-footer, body:has(.certificate) .breadcrumbs, .certificate-actions { display: none !important; }
  .certificate { break-inside: avoid; page-break-inside: avoid; margin: 0 auto; max-height: 260mm; overflow: hidden; font-size: 12pt; }
}
`
