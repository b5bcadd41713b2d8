/// The fixed parts of `report.html`: styles and the page skeleton the script fills in.
enum ReportPage {
    /// The page's styles (inline; no web fonts, no external sheets).
    static let style = """
        :root{--bg:#f6f6f8;--card:#fff;--ink:#1d1d24;--muted:#6b6b78;--line:#e4e4ea;--accent:#5b3df5;
        --ok:#1f9d55;--bad:#d93d3d;--warn:#c77700;--info:#2f6fd6;--idle:#8a8a96;--reuse:#0f8f8a;
        --chk1:#fff;--chk2:#e6e6ec}
        *{box-sizing:border-box}
        html{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);
        background:var(--bg)}
        body{margin:0;padding:20px 24px 40px;max-width:1680px;margin-inline:auto}
        h1{font-size:20px;margin:0;font-weight:650;letter-spacing:-.01em;word-break:break-all}
        .top{display:flex;align-items:flex-start;justify-content:space-between;gap:16px;margin-bottom:14px}
        .meta{color:var(--muted);font-size:13px;margin-top:2px}
        .mode{font-size:12px;font-weight:600;padding:4px 10px;border-radius:999px;white-space:nowrap;
        text-transform:uppercase;letter-spacing:.04em}
        .mode.live{background:#e7f6ee;color:var(--ok)}.mode.sandbox{background:#fff3dc;color:var(--warn)}
        .mode.unknown{background:#ececf1;color:var(--muted)}
        .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:10px;margin-bottom:10px}
        .tile{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px}
        .tile .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.05em}
        .tile .v{font-size:22px;font-weight:650;margin-top:2px;font-variant-numeric:tabular-nums}
        .tile .s{color:var(--muted);font-size:12px;margin-top:2px}
        .tile.wide{grid-column:span 2}
        .bar{display:flex;height:8px;border-radius:4px;overflow:hidden;background:var(--line);margin:8px 0 6px}
        .bar span{display:block;height:100%}
        .legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:12px;color:var(--muted)}
        .legend b{color:var(--ink);font-weight:600}
        .dot{display:inline-block;width:8px;height:8px;border-radius:50%;margin-right:5px;vertical-align:middle}
        .savings{margin:0 0 12px;color:var(--muted);font-size:13px}
        .savings li{margin:2px 0}.savings ul{margin:0;padding-left:18px}
        .toolbar{position:sticky;top:0;z-index:2;background:var(--bg);padding:10px 0;display:flex;flex-wrap:wrap;
        gap:8px 16px;align-items:center;border-bottom:1px solid var(--line)}
        .chips{display:flex;flex-wrap:wrap;gap:6px}
        .chip{font:inherit;font-size:13px;border:1px solid var(--line);background:var(--card);color:var(--ink);
        border-radius:999px;padding:4px 11px;cursor:pointer;display:inline-flex;align-items:center;gap:6px}
        .chip .n{color:var(--muted);font-variant-numeric:tabular-nums}
        .chip[aria-pressed=true]{background:var(--ink);border-color:var(--ink);color:#fff}
        .chip[aria-pressed=true] .n{color:#d6d6e0}
        .chip.check[aria-pressed=true]{background:var(--warn);border-color:var(--warn)}
        .chip:disabled{opacity:.45;cursor:default}
        select,input[type=search]{font:inherit;font-size:13px;border:1px solid var(--line);border-radius:8px;
        padding:5px 8px;background:var(--card);color:var(--ink)}
        input[type=search]{min-width:240px;flex:1;max-width:420px}
        label.sel{display:inline-flex;align-items:center;gap:6px;color:var(--muted);font-size:13px}
        .showing{color:var(--muted);font-size:13px;margin:10px 0}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:12px}
        .card{background:var(--card);border:1px solid var(--line);border-radius:12px;overflow:hidden;
        display:flex;flex-direction:column;border-top:3px solid var(--st,var(--idle))}
        .pics{display:grid;grid-template-columns:1fr 1fr;gap:1px;background:var(--line)}
        .pic{margin:0;position:relative;aspect-ratio:1;background:#fafafc;display:flex;align-items:center;
        justify-content:center;overflow:hidden}
        .pic a{display:flex;width:100%;height:100%;align-items:center;justify-content:center}
        .pic img{max-width:100%;max-height:100%;object-fit:contain;display:block}
        .pic.checker{background-color:var(--chk1);background-image:conic-gradient(var(--chk2) 25%,transparent 0 50%,
        var(--chk2) 0 75%,transparent 0);background-size:16px 16px}
        .pic figcaption{position:absolute;left:6px;top:6px;font-size:10px;font-weight:600;text-transform:uppercase;
        letter-spacing:.06em;background:rgba(255,255,255,.86);color:var(--muted);padding:1px 6px;border-radius:4px}
        .ph{color:var(--muted);font-size:12px;text-align:center;padding:12px}
        .ph.bad{color:var(--bad)}
        .body{padding:10px 12px 12px;display:flex;flex-direction:column;gap:6px}
        .path{font:12.5px/1.35 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
        .badges{display:flex;flex-wrap:wrap;gap:5px}
        .badge{font-size:11px;font-weight:600;padding:2px 8px;border-radius:999px;background:#ececf1;color:var(--muted)}
        .badge.st{color:#fff;background:var(--st,var(--idle))}
        .badge.check{background:#fff1d6;color:#9a5b00}.badge.people{background:#e8efff;color:var(--info)}
        .badge.route{background:#efeafe;color:var(--accent)}
        .facts{display:flex;flex-wrap:wrap;gap:2px 14px;font-size:12px;color:var(--muted);margin:0}
        .facts b{color:var(--ink);font-weight:600;font-variant-numeric:tabular-nums}
        .msg{font-size:12.5px;border-radius:8px;padding:6px 8px;margin:0;word-break:break-word}
        .msg.error{background:#fdeeee;color:#a32020}.msg.reason{background:#fff4e0;color:#8a4f00}
        .msg.note{background:#f1f1f5;color:var(--muted)}
        .warns{margin:0;padding:0;list-style:none;font-size:12px;color:#8a4f00}
        .warns li::before{content:"⚠ ";}
        .attrs{font-size:12px;color:var(--muted)}.attrs code{background:#f1f1f5;border-radius:4px;padding:0 4px}
        .pager{display:flex;justify-content:center;align-items:center;gap:10px;margin:18px 0}
        .pager button{font:inherit;border:1px solid var(--line);background:var(--card);border-radius:8px;
        padding:5px 12px;cursor:pointer}.pager button:disabled{opacity:.4;cursor:default}
        .empty{grid-column:1/-1;text-align:center;color:var(--muted);padding:40px}
        footer{color:var(--muted);font-size:12px;margin-top:24px;border-top:1px solid var(--line);padding-top:10px}
        .st-succeeded{--st:var(--ok)}.st-failed{--st:var(--bad)}.st-invalid{--st:var(--warn)}
        .st-skipped{--st:var(--info)}.st-reused{--st:var(--reuse)}.st-pending{--st:var(--idle)}
        """

    /// The elements the script fills in.
    static let skeleton = """
        <header class="top">
        <div><h1 id="title"></h1><div id="run-meta" class="meta"></div></div>
        <span id="mode" class="mode unknown"></span>
        </header>
        <section id="tiles" class="tiles" aria-label="Summary"></section>
        <section id="savings" class="savings"></section>
        <nav class="toolbar" aria-label="Filters">
        <div id="status-filters" class="chips" role="group" aria-label="Status"></div>
        <label class="sel">Warning <select id="warning-filter"></select></label>
        <button id="check-filter" class="chip check" type="button" aria-pressed="false"></button>
        <input id="search" type="search" placeholder="Search by path  ( / )" autocomplete="off" spellcheck="false">
        </nav>
        <div id="showing" class="showing" role="status"></div>
        <main id="grid" class="grid"></main>
        <nav id="pager" class="pager" aria-label="Pages"></nav>
        <footer id="footer"></footer>
        <noscript><p>This report needs JavaScript to show its cards; the data is in manifest.json.</p></noscript>
        """
}
