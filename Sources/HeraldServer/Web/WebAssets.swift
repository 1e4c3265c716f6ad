/// The pages' style sheet and script, inside the binary (no CDN, no web font, no build step).
/// Served under `/assets/` with a version in the name, so browsers may keep them for a year.
enum WebAssets {
    /// Changes whenever either asset changes, so that a cached copy is never stale.
    static let version = "2"
    static let stylePath = "/assets/herald-\(version).css"
    static let scriptPath = "/assets/herald-\(version).js"

    /// Readable on a phone (one column under 40 rem), contrast at least 4.5:1 for text,
    /// visible focus for keyboard users, light and dark schemes.
    static let style = #"""
    :root { --bg: #ffffff; --fg: #1b1f24; --muted: #525a63; --line: #d0d7de; --panel: #f6f8fa; --accent: #0b5cad;
            --ok: #116329; --ok-bg: #dafbe1; --bad: #a40e26; --bad-bg: #ffebe9; --warn: #7d4e00; --warn-bg: #fff8c5; color-scheme: light dark; }
    @media (prefers-color-scheme: dark) {
      :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --panel: #161b22; --accent: #58a6ff;
              --ok: #3fb950; --ok-bg: #12261e; --bad: #ff7b72; --bad-bg: #2d1214; --warn: #d29922; --warn-bg: #2b2111; }
    }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--fg); }
    a { color: var(--accent); }
    a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible {
      outline: 3px solid var(--accent); outline-offset: 2px; }
    .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; z-index: 2; }
    header.top { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center; padding: .75rem 1.25rem; border-bottom: 1px solid var(--line); background: var(--panel); }
    header.top .brand { font-weight: 700; font-size: 1.15rem; text-decoration: none; color: var(--fg); }
    header.top nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; flex: 1; }
    header.top nav a { text-decoration: none; padding: .25rem 0; }
    header.top nav a[aria-current="page"] { font-weight: 700; border-bottom: 2px solid var(--accent); }
    .tag { font-size: .8rem; border: 1px solid var(--line); border-radius: 1rem; padding: 0 .6rem; color: var(--muted); }
    main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
    h1 { font-size: 1.6rem; margin: .5rem 0 1rem; overflow-wrap: anywhere; }
    h2 { font-size: 1.2rem; margin: 2rem 0 .75rem; }
    .crumbs { font-size: .9rem; color: var(--muted); margin: 0; } .crumbs a { color: var(--muted); }
    .notice, .error { padding: .6rem .9rem; border-radius: .4rem; border: 1px solid; }
    .notice { background: var(--ok-bg); color: var(--ok); } .error { background: var(--bad-bg); color: var(--bad); }
    table { border-collapse: collapse; width: 100%; font-size: .95rem; }
    th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { color: var(--muted); font-weight: 600; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .scroll { overflow-x: auto; }
    code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9rem; overflow-wrap: anywhere; }
    pre { background: var(--panel); border: 1px solid var(--line); border-radius: .4rem; padding: .75rem; overflow-x: auto; white-space: pre-wrap; max-height: 32rem; }
    .state { display: inline-block; border-radius: 1rem; padding: 0 .6rem; font-size: .85rem; font-weight: 600; white-space: nowrap; }
    .state-healthy, .state-succeeded, .state-delivered { background: var(--ok-bg); color: var(--ok); }
    .state-failing, .state-failed, .state-circuitOpen { background: var(--bad-bg); color: var(--bad); }
    .state-disabled, .state-pending { background: var(--warn-bg); color: var(--warn); }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1rem; }
    .card { border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; background: var(--panel); }
    .card h2, .card h3 { margin-top: 0; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
    dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
    form.stack { display: grid; gap: .75rem; max-width: 40rem; }
    form.row { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; }
    form.inline { display: inline; }
    label { display: grid; gap: .25rem; font-weight: 600; font-size: .95rem; }
    label.check { display: flex; gap: .5rem; align-items: center; font-weight: 400; }
    .hint { font-weight: 400; color: var(--muted); font-size: .85rem; }
    input, select, textarea { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--muted); border-radius: .35rem; padding: .45rem .6rem; min-width: 0; }
    textarea { min-height: 8rem; font-family: ui-monospace, monospace; font-size: .9rem; }
    fieldset { border: 1px solid var(--line); border-radius: .4rem; padding: .5rem .9rem; } legend { font-weight: 600; }
    button { font: inherit; cursor: pointer; border-radius: .35rem; padding: .45rem 1rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; }
    @media (prefers-color-scheme: dark) { button { color: #0d1117; } }
    button.secondary { background: transparent; color: var(--accent); }
    button.danger { background: transparent; color: var(--bad); border-color: var(--bad); }
    button.link { background: none; border: none; color: var(--accent); padding: 0; text-decoration: underline; }
    .actions { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
    svg.chart { width: 100%; max-width: 18rem; height: 2.5rem; display: block; }
    svg.chart.large { max-width: 40rem; height: 6rem; }
    .muted { color: var(--muted); }
    details > summary { cursor: pointer; color: var(--accent); }
    @media (max-width: 40rem) {
      main { padding: .75rem; } h1 { font-size: 1.35rem; }
      header.top { justify-content: space-between; } header.top nav { order: 3; flex-basis: 100%; }
      table.stack-narrow thead { display: none; }
      table.stack-narrow tr { display: block; border-bottom: 1px solid var(--line); padding: .4rem 0; }
      table.stack-narrow td { display: block; border: 0; padding: .15rem .25rem; }
      table.stack-narrow td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); }
      td.num { text-align: left; }
    }
    """#

    /// Shows times in the reader's time zone, and asks before a destructive action. Everything
    /// works without it.
    static let script = #"""
    "use strict";
    document.querySelectorAll("time[datetime]").forEach(function (element) {
      var date = new Date(element.getAttribute("datetime"));
      if (!isNaN(date)) { element.title = element.textContent; element.textContent = date.toLocaleString(); }
    });
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy"));
        if (source && navigator.clipboard) { navigator.clipboard.writeText(source.textContent.trim()); button.textContent = "Copied"; }
      });
    });
    """#
}
