// The portal's stylesheet and script, served as files so that the pages' Content-Security-Policy can
// forbid inline code altogether.

export const PORTAL_CSS = `
:root { --blue: #04559a; --ink: #1b1f24; --muted: #5b6570; --line: #d6dbe1; --bg: #eef1f4; --warn: #8a4b00; --bad: #a4161a; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: var(--bg); }
header { display: flex; align-items: center; gap: 16px; padding: 10px 24px; background: var(--blue); color: #fff; }
header h1 { font-size: 18px; font-weight: 600; margin: 0; flex: 1; }
header .who { font-size: 13px; opacity: .9; }
header .status { font-size: 12px; font-weight: 600; padding: 2px 8px; border-radius: 10px; background: #2f9e44; }
header form { margin: 0; }
header a.button { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.7); padding: 4px 12px; font-weight: 400; font-size: 13px; }
header button { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.7); border-radius: 4px; padding: 4px 12px; cursor: pointer; font: inherit; font-size: 13px; }
main { max-width: 560px; margin: 48px auto; padding: 28px 32px; background: #fff; border: 1px solid var(--line); border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.06); }
main h2 { margin: 0 0 12px; font-size: 20px; }
main p { margin: 8px 0; }
label { display: block; margin: 14px 0 4px; font-size: 12px; font-weight: 600; letter-spacing: .04em; color: var(--muted); }
input, select { width: 100%; padding: 8px 10px; font: inherit; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
input:focus, select:focus { outline: 2px solid #7fb2e5; border-color: var(--blue); }
.actions { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 20px; }
.button, button.primary { display: inline-block; padding: 9px 18px; border-radius: 4px; border: 1px solid var(--blue); background: var(--blue); color: #fff; text-decoration: none; font: inherit; font-weight: 600; cursor: pointer; }
.button.secondary { background: #fff; color: var(--blue); }
.error { color: var(--bad); font-weight: 600; }
.warning { color: var(--warn); font-weight: 600; }
.muted { color: var(--muted); font-size: 13px; }
.countdown { font-variant-numeric: tabular-nums; font-weight: 700; }
ul.apps { list-style: none; padding: 0; }
ul.apps li { padding: 8px 0; border-bottom: 1px solid var(--line); }
footer { text-align: center; color: var(--muted); font-size: 12px; margin: 24px; }
`.trimStart();

/** the ask page's countdown: shows the seconds left and takes the default action at zero */
export const PORTAL_JS = `
(function () {
  var el = document.getElementById('countdown');
  if (!el) return;
  var left = parseInt(el.getAttribute('data-seconds') || '0', 10);
  var target = el.getAttribute('data-target') || '/';
  function tick() {
    el.textContent = String(left);
    if (left <= 0) { window.location.replace(target); return; }
    left -= 1;
    window.setTimeout(tick, 1000);
  }
  tick();
})();
`.trimStart();
