// Drives the system Chromium through a running `newsfuse serve`: a dossier's first
// citation must open its source with the cited sentence highlighted, and article text
// carrying script must show as text and never run.
//
//   node tests/browser/dossier.mjs --dossier URL --xss-article URL --xss-dossier URL --out DIR
//
// Prints one JSON object ({ok, checks, screenshots}) and exits 1 when any check fails.
// playwright-core only drives a browser; it never downloads one (see CONTRIBUTING.md).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: options } = parseArgs({
  options: {
    dossier: { type: 'string' },
    'xss-article': { type: 'string' },
    'xss-dossier': { type: 'string' },
    out: { type: 'string' },
    chromium: { type: 'string', default: process.env.CHROMIUM ?? '/usr/bin/chromium' },
  },
});
for (const name of ['dossier', 'xss-article', 'xss-dossier', 'out']) {
  if (!options[name]) {
    console.error(`usage: dossier.mjs --dossier URL --xss-article URL --xss-dossier URL --out DIR (missing --${name})`);
    process.exit(2);
  }
}

// The article's payloads, as the test writes them into its title and text.
const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];
// No sandbox (CI runs as root), no GPU, and nothing that calls out to the network on its
// own, so a run is offline and repeatable.
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const checks = [];
const screenshots = [];

function check(name, ok, detail = '') {
  checks.push({ name, ok: Boolean(ok), detail: String(detail) });
}

const squash = (text) => (text ?? '').replace(/\s+/g, ' ').trim();

// Everything a page could do behind the reader's back, recorded per page: dialogs
// (dismissed at once, so a payload cannot stall the run), script errors, and CSP
// reports; a CSP report means markup from an article reached the DOM, even though
// the policy then stopped it.
function watch(page) {
  const seen = { dialogs: [], errors: [], csp: [] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) seen.csp.push(message.text());
  });
  return seen;
}

async function shoot(page, out, name, fullPage) {
  const path = join(out, name);
  await page.screenshot({ path, fullPage });
  screenshots.push(path);
}

function cspOf(response) {
  return response?.headers()['content-security-policy'] ?? '';
}

async function followFirstCitation(context, out) {
  const page = await context.newPage();
  const seen = watch(page);
  const response = await page.goto(options.dossier);
  check('dossier answers 200', response?.status() === 200, response?.status());
  check('dossier has a strict CSP', cspOf(response).includes("script-src 'self'"), cspOf(response));
  const sentences = page.locator('ol#summary li.sentence');
  const count = await sentences.count();
  check('dossier has a summary', count > 0, `${count} sentences`);
  await shoot(page, out, 'dossier.png', true);
  if (count === 0) return;

  const cite = page.locator('ol#summary li.sentence a.cite').first();
  const href = await cite.getAttribute('href');
  const cited = await cite.getAttribute('title');
  const target = new URL(href, page.url());
  const article = target.pathname.split('/').pop();
  const start = Number(target.searchParams.get('start'));
  const end = Number(target.searchParams.get('end'));
  await cite.click();
  const mark = page.locator('mark#evidence');
  await mark.waitFor({ state: 'visible' });
  check('the citation opens its article', page.url().includes(`/articles/${article}`), page.url());
  const marked = await mark.textContent();
  check('the highlight is the cited sentence', squash(marked) === squash(cited), `${JSON.stringify(marked)} vs ${JSON.stringify(cited)}`);

  // The offsets, not only the title, must point at the sentence: read the clean text
  // the API serves and cut it where the link says.
  const source = await page.request.get(new URL(`/api/articles/${article}`, page.url()).href);
  const text = (await source.json()).text ?? '';
  check('the offsets cut the highlighted text', text.slice(start, end) === marked, `[${start}:${end}] of ${article}`);
  const inView = await mark.evaluate((node) => {
    const box = node.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  });
  check('the highlight is scrolled into view', inView);
  await shoot(page, out, 'evidence.png', false);
  check('the dossier and its source raise no script error', seen.errors.length === 0, seen.errors.join(' | '));
  await page.close();
}

async function showHostileText(context, url, name, out, minimum) {
  const page = await context.newPage();
  const seen = watch(page);
  const response = await page.goto(url);
  await page.waitForLoadState('load');
  check(`${name}: answers 200`, response?.status() === 200, response?.status());
  check(`${name}: has a strict CSP`, cspOf(response).includes("script-src 'self'"), cspOf(response));
  const state = await page.evaluate(() => ({
    xss: window.__xss ?? null,
    images: document.querySelectorAll('img[src="x"]').length,
    text: document.body.innerText,
  }));
  check(`${name}: no dialog fired`, seen.dialogs.length === 0, seen.dialogs.join(' | '));
  check(`${name}: window.__xss never set`, state.xss === null, state.xss);
  check(`${name}: no injected element`, state.images === 0, `${state.images} img[src=x]`);
  check(`${name}: no CSP violation`, seen.csp.length === 0, seen.csp.join(' | '));
  check(`${name}: no script error`, seen.errors.length === 0, seen.errors.join(' | '));
  const shown = PAYLOADS.filter((payload) => state.text.includes(payload));
  check(`${name}: payload shown as literal text`, shown.length >= minimum, `${shown.length} of ${PAYLOADS.length} payloads visible`);
  await shoot(page, out, `${name}.png`, true);
  await page.close();
}

async function main() {
  mkdirSync(options.out, { recursive: true });
  const browser = await chromium.launch({ executablePath: options.chromium, args: LAUNCH_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15000);
    // A dossier is built on request, which on a busy machine takes more than a click.
    context.setDefaultNavigationTimeout(60000);
    await followFirstCitation(context, options.out);
    // The article shows its whole title and text; its story's dossier at least the title.
    await showHostileText(context, options['xss-article'], 'xss-article', options.out, PAYLOADS.length);
    await showHostileText(context, options['xss-dossier'], 'xss-dossier', options.out, 1);
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (error) {
  check('the run completes', false, error?.stack ?? error);
}
const ok = checks.length > 0 && checks.every((item) => item.ok);
console.log(JSON.stringify({ ok, checks, screenshots }, null, 2));
process.exit(ok ? 0 : 1);
