"""WCAG 2.1 A and AA checks with axe-core, run inside the page, on the page at rest.

axe computes colour contrast from the *computed* style, and a computed style in the
middle of a CSS transition is an interpolated colour that no user looks at for more
than a frame. Barceloneta gives links, buttons and fields 0.15 s transitions on
colour, background and border, so a page measured while one runs gives a random
answer: a copy of the page loaded with ``set_content`` styles its elements first
with the browser's defaults and then transitions them to the theme's colours (the
navigation link measured as #1515ef on #007bb1, 1.87:1, on its way from the default
link blue to white, 4.7:1); a button that keyboard focus or the mouse has just
reached transitions to its hover colours. That made the suite fail now and then.

So every check first waits for the page to come to rest: its load event, its web
fonts, and every running CSS transition and animation finished (Web Animations'
``document.getAnimations()``, which covers both). Nothing is switched off: axe then
measures what a user sees once the page has settled. An animation that never ends
(an infinite spinner) cannot be waited for and makes the check fail with its name,
rather than measure a random frame.
"""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Generous: Barceloneta's transitions last 0.15 s, but a loaded CI machine runs
# Chromium's frames slowly.
SETTLE_TIMEOUT_MS = 15_000

# Returns the animations that cannot finish (empty when the page is at rest). Two
# animation frames let style changes from the last load or input start their
# transitions; getAnimations() itself brings style up to date first.
WAIT_FOR_REST = """async (timeout) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const describe = a => {
    const target = a.effect && a.effect.target;
    const name = a.transitionProperty || a.animationName || a.id || "animation";
    if (!target) return name;
    const where = target.id ? "#" + target.id
      : target.tagName.toLowerCase()
        + (target.classList.length ? "." + [...target.classList].join(".") : "");
    return `${name} on ${where}`;
  };
  await document.fonts.ready;
  const deadline = performance.now() + timeout;
  for (;;) {
    await frame();
    await frame();
    const moving = document.getAnimations().filter(a => a.playState !== "finished"
      && a.playState !== "idle" && a.playState !== "paused");
    if (!moving.length) return [];
    const endless = moving.filter(
      a => a.effect && a.effect.getComputedTiming().endTime === Infinity);
    if (endless.length) return endless.map(describe);
    const left = deadline - performance.now();
    if (left <= 0) return moving.map(a => "still running: " + describe(a));
    await Promise.race([
      Promise.all(moving.map(a => a.finished.catch(() => null))),
      new Promise(r => setTimeout(r, left)),
    ]);
  }
}"""


class PageNotAtRest(AssertionError):
    """The page keeps animating, so axe's colours would depend on the moment."""


def wait_for_rest(page):
    """Wait until the page is loaded and no transition or animation is running."""
    page.wait_for_load_state("load")
    moving = page.evaluate(WAIT_FOR_REST, SETTLE_TIMEOUT_MS)
    if moving:
        raise PageNotAtRest(
            "axe cannot measure a page that does not come to rest: "
            + "; ".join(moving[:5])
        )


def wcag_violations(page):
    """axe's WCAG 2.1 A and AA violations of the page at rest, one line each."""
    wait_for_rest(page)
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}}
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
    ]
