"""Click to new map in JupyterLab: how long after a click on Check the learner sees the feedback and the map.

Run: PYTHONHASHSEED=0 MPLBACKEND=Agg .venv/bin/python benchmarks/bench_browser_map.py [--checks 9]

Starts JupyterLab on 127.0.0.1 (a free port, a random token, temporary settings: the same set-up as
the browser tests, tests/browser/conftest.py), opens tests/browser/notebooks/classifier-en.ipynb in
the system chromium (headless), runs it, then repeats: change one actor's systems (so the feedback and
the map must change), click Check, and time in the page, from the click, until

* the feedback: the classifier's feedback HTML differs from before the click;
* the map: the map's new picture (the marks layer over the ground the page keeps; before the map came
  in two layers, the one ``<img>``) has arrived and is decoded (ready to paint).

It also prints the first check of the case after ``--read`` seconds of reading (the kernel draws the
map's ground meanwhile) and the base64 that travels per check.

Then ``--during`` times (issue 24): each in a fresh kernel (restarted, the notebook run again), the
learner clicks while the kernel is still preparing the map (importing matplotlib beside the loop,
drawing the ground in steps, drawing the usual marks): the clicks land from 0.8 s to 2.0 s after the
run, across the preparation, which starts after 1 s without a cell running. It prints the p95 and the
median of click to new feedback and of click to new map on screen for those clicks (reported, no
target: the feedback comes at once; a map that cannot be shown at once is drawn on the kernel's helper
thread and sent when done, words saying it is coming meanwhile), and how long the learner's next click
(a toggle, clicked as soon as the feedback shows) waits for the kernel's answer.

Prints both medians; the feedback (one widget message each way, no drawing) is the baseline of
the same run. The target (issue 14) is the new map within 200 ms of the click (median). Exits with
1 when the target is missed, 2 when there is no browser. The numbers mean little on a busy
machine: read `uptime` first, and run twice.
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

import conftest as lab  # noqa: E402 - the browser tests' own server set-up
from labdriver import NOTEBOOK, NotebookDriver  # noqa: E402

TARGET_MS = 200.0
CLASSIFIER = f"{NOTEBOOK} .swedu-classifier"
NOTEBOOK_PATH = "tests/browser/notebooks/classifier-en.ipynb"

# In the page: remember the feedback and the picture, click, and time the first change of each.
_CLICK_AND_TIME = """
([sel, label, nextToggle]) => new Promise((resolve) => {
  const root = document.querySelector(sel);
  // nextToggle: [actor, words] of a toggle clicked as soon as the feedback is on screen (the learner's next
  // click, while the map may still be drawn): times.next is how long the kernel took to answer it.
  const toggle = nextToggle ? Array.from(root.querySelectorAll('button.widget-toggle-button')).find(b =>
    (b.getAttribute('title') || '').startsWith(nextToggle[0] + ': ') && b.innerText.trim() === nextToggle[1]) : null;
  const feedback = () => { const n = root.querySelector('.swedu-feedback'); return n ? n.innerHTML : ''; };
  // The map is two stacked pictures: the ground (sent once per stage) and the marks of each check over it.
  const layered = root.querySelector('.swedu-map-marks');  // absent before the map came in two layers
  const newest = () => layered ? layered.querySelector('img') : root.querySelector('.swedu-map img');
  const picture = () => { const i = newest(); return i ? i.src : ''; };
  const ground = () => { const i = root.querySelector('.swedu-map img'); return i ? i.src : ''; };
  const before = {feedback: feedback(), picture: picture(), ground: ground()};
  const times = {};
  let start = 0;
  const done = () => { if (times.feedback !== undefined && times.map !== undefined
                          && (!toggle || times.next !== undefined)) {
    observer.disconnect(); times.ground = layered && ground() !== before.ground ? ground().length : 0;
    resolve(times); } };
  const look = () => {
    const now = performance.now();
    if (times.feedback === undefined && feedback() !== before.feedback) {
      times.feedback = now - start;
      if (toggle) {
        const title = toggle.getAttribute('title');
        const clicked = performance.now();
        new MutationObserver((_, self) => { if (toggle.getAttribute('title') !== title) {
          self.disconnect(); times.next = performance.now() - clicked; done(); } })
          .observe(toggle, {attributes: true});
        toggle.click();
      }
    }
    // (a map drawn aside empties the marks first, words saying it is coming: only a new picture counts)
    if (times.map === undefined && times.decoding === undefined && picture() && picture() !== before.picture) {
      times.decoding = true;
      times.arrived = now - start;
      times.sent = picture().length;  // characters of the data URI that travelled for this check
      // Both pictures when the ground is new too (the first check of a stage): the kernel sends it first.
      const pictures = [newest()];
      if (layered && ground() !== before.ground) { pictures.push(root.querySelector('.swedu-map img')); }
      Promise.all(pictures.map(i => i.decode())).then(() => { times.map = performance.now() - start; done(); },
                                                      () => { times.map = -1; done(); });
    }
    done();
  };
  const observer = new MutationObserver(look);
  observer.observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
  setTimeout(() => { observer.disconnect(); resolve(Object.assign({feedback: -1, map: -1}, times)); }, 20000);
  const button = Array.from(root.querySelectorAll('button')).find(b => b.innerText.trim() === label);
  start = performance.now();
  button.click();
})
"""

_TOGGLE = """
([sel, actor, words]) => new Promise((resolve) => {
  const root = document.querySelector(sel);
  const toggle = Array.from(root.querySelectorAll('button.widget-toggle-button'))
                      .find(b => (b.getAttribute('title') || '').startsWith(actor + ': ') && b.innerText.trim() === words);
  // The kernel answers a toggle by setting its tooltip ("... ✔ chosen: ..." or not): wait for that.
  const before = toggle.getAttribute('title');
  const observer = new MutationObserver(() => {
    if (toggle.getAttribute('title') !== before) { observer.disconnect(); resolve(true); }
  });
  observer.observe(toggle, {attributes: true});
  setTimeout(() => { observer.disconnect(); resolve(false); }, 20000);
  toggle.click();
})
"""


def toggle_words(system: str) -> str:
    """The words on a classifier toggle, e.g. "CL · client" (as tests/browser/test_classifier.py finds them)."""
    from swedu.systems import system_info

    info = system_info(system)
    return f"{info.badge} · {info.short}"


_RESTART = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  await panel.sessionContext.restartKernel();
}"""


def click_during_preparation(page, notebook, after: float) -> dict:
    """ms from a click on Check to the new feedback and to the new map (``{"feedback": ms, "map": ms, ...}``),
    the click landing ``after`` seconds after a fresh kernel ran the notebook (while the kernel prepares the
    map: nothing of it is kept yet); ``"next"``: ms the kernel took to answer the learner's next click (a
    toggle, clicked as soon as the feedback is on screen)."""
    page.evaluate(_RESTART)
    page.wait_for_function("() => { const p = window.jupyterapp.shell.currentWidget;"
                           " const k = p.sessionContext.session && p.sessionContext.session.kernel;"
                           " return k && k.status === 'idle'; }", timeout=60_000)
    notebook.run_fresh()
    page.wait_for_selector(f"{CLASSIFIER} button.widget-toggle-button", timeout=60_000)
    page.wait_for_timeout(after * 1000)
    page.evaluate(_TOGGLE, [CLASSIFIER, "Dimas", toggle_words("client")])
    return page.evaluate(_CLICK_AND_TIME, [CLASSIFIER, "Check", ["Mr and Mrs Hartono", toggle_words("client")]])


def p95(ordered: list) -> float:
    """The 95th percentile of sorted times (nearest rank)."""
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=9, help="timed checks (median; default 9)")
    parser.add_argument("--read", type=float, default=5.0,
                        help="seconds the learner reads before the first check (default 5)")
    parser.add_argument("--during", type=int, default=9,
                        help="checks clicked while the map is prepared, each in a fresh kernel (p95; default 9)")
    args = parser.parse_args()
    chromium = lab.find_chromium()
    if chromium is None:
        print("no chromium: install Debian's chromium (apt-get install chromium)")
        return 2
    import tempfile

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="swedu-bench-lab-") as folder:
        server = lab.start_lab_server(Path(folder))
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=chromium, args=lab.CHROMIUM_ARGS, headless=True)
                page = browser.new_context(viewport={"width": 1280, "height": 2000}).new_page()
                notebook = NotebookDriver(page, server, NOTEBOOK_PATH).open()
                notebook.run_fresh()
                page.wait_for_selector(f"{CLASSIFIER} button.widget-toggle-button", timeout=60_000)
                # Alternate Dimas between client and target, so every check has new feedback and a new map.
                titles = [["Dimas", toggle_words("client")], ["Dimas", toggle_words("target")]]
                page.wait_for_timeout(args.read * 1000)  # the learner reads the case; the kernel draws the map's ground
                page.evaluate(_TOGGLE, [CLASSIFIER, "Mr and Mrs Hartono", toggle_words("client")])
                page.wait_for_timeout(300)
                first = page.evaluate(_CLICK_AND_TIME, [CLASSIFIER, "Check", None])
                page.wait_for_timeout(300)
                feedback, shown, arrived, sent = [], [], [], []
                for i in range(args.checks):
                    page.evaluate(_TOGGLE, [CLASSIFIER, *titles[i % 2]])
                    page.wait_for_timeout(300)  # let the kernel settle
                    times = page.evaluate(_CLICK_AND_TIME, [CLASSIFIER, "Check", None])
                    feedback.append(times["feedback"])
                    shown.append(times["map"])
                    arrived.append(times.get("arrived", -1))
                    sent.append(times.get("sent", 0))
                    page.wait_for_timeout(300)
                during = [click_during_preparation(page, notebook, 0.8 + 1.2 * i / max(args.during - 1, 1))
                          for i in range(args.during)]
                browser.close()
        finally:
            lab._stop(server.process)
    if min(feedback + shown) < 0:
        print("a check changed nothing on screen within 20 s (see 'every map' below: -1)")
        feedback, shown = [t for t in feedback if t >= 0] or [-1.0], [t for t in shown if t >= 0] or [-1.0]
    fb, new_map = (statistics.median(v) for v in (feedback, shown))
    print(f"click -> new feedback (baseline): {fb:8.1f} ms  (median of {len(feedback)} checks)")
    print(f"click -> new map on screen:       {new_map:8.1f} ms  (x{new_map / fb:.1f} of the feedback)")
    print(f"click -> new map in the page:     {statistics.median(arrived):8.1f} ms  (before the picture is decoded)")
    print(f"picture sent per check:           {statistics.median(sent) / 1000:8.1f} kB of base64 (the first check also "
          f"sends the ground: {first.get('ground', 0) / 1000:.1f} kB)")
    print(f"first check of the case:          {first['map']:8.1f} ms to the map, {first['feedback']:.1f} ms to the "
          f"feedback (after {args.read:g} s of reading)")
    print(f"    every feedback: {', '.join(f'{t:.0f}' for t in feedback)} ms")
    print(f"    every map:      {', '.join(f'{t:.0f}' for t in shown)} ms")
    if during:
        print(f"clicks during the map's preparation ({len(during)}, each in a fresh kernel, 0.8 to 2 s after the run):")
        for what, words in (("feedback", "new feedback on screen"), ("map", "new map on screen"),
                            ("next", "next click answered")):
            times = [d.get(what, -1) for d in during]
            ordered = sorted(times)
            print(f"    click -> {words:23s} p95 {p95(ordered):8.1f} ms, median {statistics.median(ordered):8.1f} ms")
            print(f"        every one: {', '.join(f'{t:.0f}' for t in times)} ms")
    met = 0 < new_map < TARGET_MS
    print(f"target: new map within {TARGET_MS:.0f} ms of the click (median)   {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
