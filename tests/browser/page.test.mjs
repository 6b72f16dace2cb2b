// page.test.mjs — the search page in a real browser: Debian's Chromium,
// headless, driven by playwright-core, over a lantern-searchd started here
// on a free loopback port. Run by CTest (tests/CMakeLists.txt) with:
//   LANTERN_INDEX, LANTERN_SEARCHD  the programs
//   LANTERN_FIXTURES                tests/fixtures
//   LANTERN_SCREENSHOTS             where to save the screenshots
//   CHROMIUM                        the browser (default /usr/bin/chromium)
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const INDEX = env("LANTERN_INDEX");
const SEARCHD = env("LANTERN_SEARCHD");
const FIXTURES = env("LANTERN_FIXTURES");
const SHOTS = env("LANTERN_SCREENSHOTS");
const CHROMIUM = env("CHROMIUM", "/usr/bin/chromium");

const work = mkdtempSync(join(tmpdir(), "lantern-browser-"));
let daemon, base, browser;

// A post that tries to run script in the page: it must show as text.
const HOSTILE = [
  "Page 1 of 1", "", "Visiting times at the family centre", "",
  "Posted: Mon Jun 02, 2025 9:00 am", "by <img src=x onerror=alert(1)>",
  "<script>window.__pwned = 1; alert(2)</script> our visiting times at the family centre",
  "were cut <img src=x onerror=\"window.__pwned=1\"> without warning", "",
].join("\n");

async function waitForPort(file, child) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error("lantern-searchd exited at start");
    if (existsSync(file)) {
      const port = parseInt(readFileSync(file, "utf8"), 10);
      if (port > 0) return port;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("lantern-searchd did not start");
}

before(async () => {
  writeFileSync(join(work, "hostile.txt"), HOSTILE);
  const db = join(work, "db");
  execFileSync(INDEX, ["--quiet", "--db", db, join(FIXTURES, "text"), join(FIXTURES, "html"),
                       join(work, "hostile.txt")], { stdio: "pipe" });
  const portFile = join(work, "port");
  // The exit button's "neutral site" is this server's robots.txt, so the
  // test never reaches for another host.
  daemon = spawn(SEARCHD, ["--db", db, "--listen", "127.0.0.1:0", "--port-file", portFile,
                           "--exit-url", "http://127.0.0.1:9/neutral"], { stdio: "ignore" });
  const port = await waitForPort(portFile, daemon);
  base = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  if (browser) await browser.close();
  if (daemon && daemon.exitCode === null) {
    daemon.kill("SIGTERM");
    await new Promise((r) => daemon.once("exit", r));
  }
  rmSync(work, { recursive: true, force: true });
});

// A page that fails the test on any dialog (alert from injected script)
// and on any request to a host other than our server.
async function newPage(options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.foreign = [];
  page.dialogs = [];
  page.on("dialog", async (d) => { page.dialogs.push(d.message()); await d.dismiss(); });
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname !== "127.0.0.1") {
      page.foreign.push(url.href);
      return route.abort();
    }
    if (url.port === "9") return route.fulfill({ status: 200, contentType: "text/plain", body: "weather" });
    return route.continue();
  });
  return page;
}

async function search(page, words) {
  await page.fill("#q", words);
  await page.press("#q", "Enter");
  await page.waitForSelector("#results .summary");
}

test("a query shows the adviser answer first, its words marked", async () => {
  const page = await newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + "/");
  await search(page, "grandparents connected persons assessment");
  const first = page.locator(".result").first();
  await assert.doesNotReject(first.waitFor());
  assert.equal(await first.locator(".badge").first().textContent(), "Adviser");
  assert.match(await first.locator(".author").textContent(), /HFA Adviser/);
  const marks = await first.locator(".snippet mark").allTextContents();
  assert.ok(marks.map((m) => m.toLowerCase()).includes("connected"), `marks: ${marks}`);
  // The address bar holds the search, so it can be shared or reloaded.
  assert.match(page.url(), /\?q=grandparents\+connected/);
  await page.screenshot({ path: join(SHOTS, "desktop.png"), fullPage: true });
  assert.deepEqual(page.foreign, []);
  assert.deepEqual(page.dialogs, []);
});

test("suggestions come while typing and can be chosen with the keyboard", async () => {
  const page = await newPage();
  await page.goto(base + "/");
  await page.locator("#q").pressSequentially("conta", { delay: 30 });
  const option = page.locator("#suggestions li", { hasText: "contact" }).first();
  await option.waitFor();
  assert.equal(await page.getAttribute("#q", "aria-expanded"), "true");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForSelector(".result");
  assert.equal(await page.inputValue("#q"), "contact");
});

test("a misspelt query shows the correction's results, and did you mean is followed", async () => {
  const page = await newPage();
  await page.goto(base + "/");
  await search(page, "soical worker");
  /* The unknown word is corrected in place, and the page says so. */
  const showing = page.locator(".did-you-mean");
  await showing.waitFor();
  assert.equal(await showing.locator("strong").textContent(), "social worker");
  assert.ok((await page.locator(".result").count()) > 0);
  /* "Search instead for" the words as typed: then only offered. */
  await showing.locator("a").click();
  await page.waitForFunction(() => /exact=1/.test(location.search));
  const link = page.locator(".did-you-mean a");
  await page.waitForFunction(() =>
    /Did you mean/.test(document.querySelector(".did-you-mean")?.textContent || ""));
  assert.equal(await link.textContent(), "social worker");
  await link.click();
  /* The box changes at the click, the results only when they come: the
   * address loses exact=1 once the new page is drawn, not before. */
  await page.waitForFunction(() => !/exact=1/.test(location.search));
  assert.equal(await page.inputValue("#q"), "social worker");
  await page.waitForSelector(".result");
  assert.equal(await page.locator(".did-you-mean").count(), 0);
});

test("the adviser filter leaves only adviser answers and advice pages", async () => {
  const page = await newPage();
  await page.goto(base + "/");
  await search(page, "social worker meeting contact");
  const before = await page.locator(".result").count();
  await page.check("#role");
  await page.waitForFunction(() => /role=adviser/.test(location.search));
  await page.waitForSelector(".result");
  const metas = await page.locator(".result .result-meta").allTextContents();
  assert.ok(metas.length > 0 && metas.length <= before);
  for (const m of metas) assert.match(m, /Adviser|Advice page/);
});

test("a post with <script> and <img onerror> shows as text, nothing runs", async () => {
  const page = await newPage();
  await page.goto(base + "/");
  await search(page, "visiting times family centre");
  const first = page.locator(".result").first();
  await first.waitFor();
  assert.match(await first.locator(".snippet").textContent(), /<script>window.__pwned = 1; alert\(2\)<\/script>/);
  assert.match(await first.locator(".author").textContent(), /<img src=x onerror=alert\(1\)>/);
  assert.equal(await page.locator("#results img, #results script").count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  // The same with the server's own rendering (no script at all).
  await page.goto(base + "/?q=visiting+times+family+centre");
  assert.equal(await page.locator("#results img, #results script").count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(page.dialogs, []);
});

test("the exit button and the Esc key leave at once, and Back does not return", async () => {
  const page = await newPage();
  await page.goto(base + "/robots.txt");
  await page.goto(base + "/?q=contact");
  await page.click("#quick-exit");
  await page.waitForURL("http://127.0.0.1:9/neutral");
  await page.goBack();
  assert.ok(!page.url().includes("?q="), `Back returned to ${page.url()}`);

  await page.goto(base + "/?q=contact");
  await page.focus("#q");
  await page.keyboard.press("Escape");
  await page.waitForURL("http://127.0.0.1:9/neutral");
});

test("without JavaScript the form still searches, rendered by the server", async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(base + "/");
  await page.fill("#q", "core group meeting");
  await page.press("#q", "Enter");
  await page.waitForSelector(".result");
  assert.match(await page.locator(".result-title").first().textContent(), /Core group meeting/);
  // The exit is a plain link then, still there.
  assert.equal(await page.getAttribute("#quick-exit", "href"), "http://127.0.0.1:9/neutral");
  // A result without a URL of its own opens the thread here, post in view.
  await page.locator(".result-title a").first().click();
  await page.waitForSelector("article.thread");
  assert.match(page.url(), /\/thread\?id=posted_plain\.txt#post-\d+/);
});

test("a phone screen: no sideways scrolling, everything reachable", async () => {
  const page = await newPage({ viewport: { width: 375, height: 740 }, isMobile: true,
                               hasTouch: true, deviceScaleFactor: 2 });
  await page.goto(base + "/");
  await search(page, "what happens at a family group conference");
  await page.waitForSelector(".result");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `page is ${width}px wide`);
  assert.ok(await page.locator("#quick-exit").isVisible());
  await page.screenshot({ path: join(SHOTS, "phone.png"), fullPage: false });
});

test("usable with the keyboard alone, labelled for screen readers", async () => {
  const page = await newPage();
  await page.goto(base + "/");
  // The first Tab reaches the skip link, the next the exit button.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "quick-exit");
  for (let i = 0; i < 5 && await page.evaluate(() => document.activeElement.id) !== "q"; i++)
    await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "q");
  await page.keyboard.type("plan");
  await page.keyboard.press("Enter");
  await page.waitForSelector(".result");
  assert.ok(await page.getByLabel("Search questions and answers").isVisible());
  assert.ok(await page.getByLabel("Adviser answers only").isVisible());
  assert.equal(await page.getAttribute("#results", "aria-live"), "polite");
});
