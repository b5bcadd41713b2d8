extension ReportPage {
    /// The page's script: reads the embedded JSON, draws the summary, the filters and one page of cards.
    ///
    /// Every value goes into the page through `textContent` or an attribute set by the DOM API, never as markup.
    /// The filters are kept in the URL fragment (`#status=failed&warning=any&check=1&q=shoe&page=2`), so a view can
    /// be bookmarked and a test can open the page already filtered. After the first page of cards is drawn the
    /// root element gets `data-ready-ms` (milliseconds since navigation) and the grid `data-matching`.
    static let script = #"""
        (function () {
        'use strict';
        var root = document.documentElement, errors = [];
        window.addEventListener('error', function (e) { errors.push(String(e.message)); root.setAttribute('data-errors', errors.join(' | ')); });
        var data = JSON.parse(document.getElementById('report-data').textContent);
        var S = data.summary, items = data.items, PAGE = 60;
        var ORDER = ['succeeded', 'reused', 'skipped', 'failed', 'invalid', 'pending'];
        var LABEL = { 'possibly-billed-twice': 'possibly billed twice', 'unsupported-attributes': 'unsupported attributes' };
        var $ = function (id) { return document.getElementById(id); };
        function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
        function num(v) { return v == null ? '–' : Number(v).toLocaleString('en-US', { maximumFractionDigits: 2 }); }
        function secs(s) {
          if (s == null) return '–';
          if (s < 1) return Math.round(s * 1000) + ' ms';
          if (s < 60) return s.toFixed(1) + ' s';
          var m = Math.floor(s / 60), h = Math.floor(m / 60);
          return h ? h + ' h ' + (m % 60) + ' min' : m + ' min ' + Math.round(s % 60) + ' s';
        }
        function when(iso) { return iso ? iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC') : ''; }
        function href(base, path) { return base + path.split('/').map(encodeURIComponent).join('/'); }
        function needsCheck(it) { var s = it.uncertaintyScore; return s != null && (s === -1 || s > S.uncertaintyThreshold); }
        var statuses = [], seen = {}, codes = {};
        items.forEach(function (it) {
          it._q = it.path.toLowerCase();
          it._check = needsCheck(it);
          it._w = it.warnings.map(function (w) { return w.code; });
          if (it.unsupportedAttributes.length) it._w.push('unsupported-attributes');
          it._w.forEach(function (c) { codes[c] = true; });
          if (!seen[it.status]) { seen[it.status] = 0; }
          seen[it.status]++;
        });
        statuses = ORDER.filter(function (s) { return seen[s] != null; })
          .concat(Object.keys(seen).filter(function (s) { return ORDER.indexOf(s) < 0; }).sort());
        var codeList = Object.keys(codes).sort();
        var state = { status: 'all', warning: '', check: false, q: '', page: 1 };
        function readHash() {
          var p = new URLSearchParams(location.hash.slice(1));
          state.status = p.get('status') || 'all';
          state.warning = p.get('warning') || '';
          state.check = p.get('check') === '1';
          state.q = (p.get('q') || '').toLowerCase();
          state.page = Math.max(1, parseInt(p.get('page') || '1', 10) || 1);
          $('search').value = p.get('q') || '';
        }
        function writeHash() {
          var p = new URLSearchParams();
          if (state.status !== 'all') p.set('status', state.status);
          if (state.warning) p.set('warning', state.warning);
          if (state.check) p.set('check', '1');
          if (state.q) p.set('q', state.q);
          if (state.page > 1) p.set('page', String(state.page));
          var h = p.toString();
          try { history.replaceState(null, '', h ? '#' + h : location.pathname + location.search); } catch (e) { /* file:// in some browsers */ }
        }
        // One pass: the matching items, and for each filter the counts under all the other filters.
        function evaluate() {
          var byStatus = {}, byCode = {}, anyWarning = 0, checks = 0, match = [];
          statuses.forEach(function (s) { byStatus[s] = 0; });
          for (var i = 0; i < items.length; i++) {
            var it = items[i];
            var pS = state.status === 'all' || it.status === state.status;
            var pW = !state.warning || (state.warning === 'any' ? it._w.length > 0 : it._w.indexOf(state.warning) >= 0);
            var pC = !state.check || it._check;
            var pQ = !state.q || it._q.indexOf(state.q) >= 0;
            if (pW && pC && pQ) byStatus[it.status]++;
            if (pS && pC && pQ) { if (it._w.length) anyWarning++; it._w.forEach(function (c) { byCode[c] = (byCode[c] || 0) + 1; }); }
            if (pS && pW && pQ && it._check) checks++;
            if (pS && pW && pC && pQ) match.push(it);
          }
          return { byStatus: byStatus, byCode: byCode, anyWarning: anyWarning, checks: checks, match: match };
        }
        function chip(status, label, count, pressed, onClick) {
          var b = el('button', 'chip' + (status !== 'all' ? ' st-' + status : ''));
          b.type = 'button';
          b.setAttribute('aria-pressed', pressed ? 'true' : 'false');
          b.setAttribute('data-status', status);
          if (status !== 'all') b.appendChild(el('span', 'dot')).style.background = 'var(--st)';
          b.appendChild(document.createTextNode(label));
          b.appendChild(el('span', 'n', num(count)));
          b.setAttribute('data-count', String(count));
          b.addEventListener('click', onClick);
          return b;
        }
        function setFilter(key, value) { state[key] = value; state.page = 1; update(); }
        function drawFilters(r) {
          var box = $('status-filters'); box.textContent = '';
          var all = 0; statuses.forEach(function (s) { all += r.byStatus[s]; });
          box.appendChild(chip('all', 'All', all, state.status === 'all', function () { setFilter('status', 'all'); }));
          statuses.forEach(function (s) {
            box.appendChild(chip(s, s, r.byStatus[s], state.status === s, function () { setFilter('status', s); }));
          });
          var sel = $('warning-filter'); sel.textContent = '';
          var opts = [['', 'any or none', null], ['any', 'with a warning', r.anyWarning]];
          codeList.forEach(function (c) { opts.push([c, LABEL[c] || c, r.byCode[c] || 0]); });
          opts.forEach(function (o) {
            var op = el('option', null, o[2] == null ? o[1] : o[1] + ' (' + num(o[2]) + ')');
            op.value = o[0]; if (o[2] != null) op.setAttribute('data-count', String(o[2]));
            sel.appendChild(op);
          });
          sel.value = state.warning;
          var ck = $('check-filter'); ck.textContent = '';
          ck.appendChild(document.createTextNode('Check this cutout'));
          ck.appendChild(el('span', 'n', num(r.checks)));
          ck.setAttribute('data-count', String(r.checks));
          ck.setAttribute('aria-pressed', state.check ? 'true' : 'false');
        }
        function picture(kind, thumb, link, missing, bad) {
          var f = el('figure', 'pic' + (kind === 'result' && thumb ? ' checker' : ''));
          if (thumb) {
            var img = el('img'); img.loading = 'lazy'; img.decoding = 'async'; img.alt = kind; img.src = thumb;
            if (link) { var a = el('a'); a.href = link; a.target = '_blank'; a.rel = 'noopener'; a.appendChild(img); f.appendChild(a); }
            else f.appendChild(img);
          } else {
            f.appendChild(el('div', 'ph' + (bad ? ' bad' : ''), missing));
          }
          f.appendChild(el('figcaption', null, kind));
          return f;
        }
        function card(it) {
          var c = el('article', 'card st-' + it.status);
          c.setAttribute('data-status', it.status);
          var pics = el('div', 'pics');
          var inLink = S.inputBaseHref != null ? href(S.inputBaseHref, it.path) : null;
          var outLink = it.outputPath ? href('', it.outputPath) : null;
          pics.appendChild(picture('input', it.inputThumbnail, inLink, it.status === 'invalid' ? 'cannot be shown' : 'no preview', it.status === 'invalid'));
          var none = it.status === 'failed' ? 'failed: no result' : it.status === 'invalid' ? 'not sent' : it.status === 'pending' ? 'not done yet' : 'no preview';
          pics.appendChild(picture('result', it.outputThumbnail, outLink, none, it.status === 'failed'));
          c.appendChild(pics);
          var b = el('div', 'body');
          var p = el('div', 'path', it.path); p.title = it.path; b.appendChild(p);
          var badges = el('div', 'badges');
          badges.appendChild(el('span', 'badge st', it.status));
          if (it.uncertaintyScore === -1) badges.appendChild(el('span', 'badge people', 'people found · check'));
          else if (it._check) badges.appendChild(el('span', 'badge check', 'check this cutout'));
          if (it.route) badges.appendChild(el('span', 'badge route', it.route));
          b.appendChild(badges);
          var facts = el('p', 'facts');
          function fact(k, v) { var s = el('span', null, k + ' '); s.appendChild(el('b', null, v)); facts.appendChild(s); }
          if (it.cost != null) fact('cost', num(it.cost) + (Number(it.cost) === 1 ? ' image' : ' images'));
          if (it.uncertaintyScore != null && it.uncertaintyScore !== -1) fact('uncertainty', it.uncertaintyScore.toFixed(2));
          if (it.totalSeconds != null) fact('time', secs(it.totalSeconds) + (it.callSeconds != null ? ' (call ' + secs(it.callSeconds) + ')' : ''));
          if (it.width && it.height) fact('size', it.width + '×' + it.height + (it.format ? ' ' + it.format : ''));
          if (it.attempts > 1) fact('attempts', String(it.attempts));
          if (facts.childNodes.length) b.appendChild(facts);
          if (it.reusedFrom) b.appendChild(el('p', 'msg note', 'reused the result of ' + it.reusedFrom));
          if (it.reason) b.appendChild(el('p', 'msg reason', it.reason));
          if (it.error) b.appendChild(el('p', 'msg error', (it.errorCode ? it.errorCode + ': ' : '') + it.error));
          if (it.note && !it.error && !it.reason) b.appendChild(el('p', 'msg note', it.note));
          if (it.warnings.length) {
            var ul = el('ul', 'warns');
            it.warnings.forEach(function (w) { var li = el('li', null, w.message); li.title = w.code; ul.appendChild(li); });
            b.appendChild(ul);
          }
          if (it.unsupportedAttributes.length) {
            var at = el('div', 'attrs', 'ignored by the API: ');
            it.unsupportedAttributes.forEach(function (a, i) { if (i) at.appendChild(document.createTextNode(' ')); at.appendChild(el('code', null, a)); });
            b.appendChild(at);
          }
          c.appendChild(b);
          return c;
        }
        function drawPage(match) {
          var pages = Math.max(1, Math.ceil(match.length / PAGE));
          if (state.page > pages) state.page = pages;
          var start = (state.page - 1) * PAGE, slice = match.slice(start, start + PAGE);
          var grid = $('grid'), frag = document.createDocumentFragment();
          slice.forEach(function (it) { frag.appendChild(card(it)); });
          if (!slice.length) frag.appendChild(el('div', 'empty', 'No item matches these filters.'));
          grid.textContent = ''; grid.appendChild(frag);
          grid.setAttribute('data-matching', String(match.length));
          $('showing').textContent = match.length === items.length
            ? num(items.length) + ' items' + (pages > 1 ? ' · ' + (start + 1) + '–' + (start + slice.length) : '')
            : num(match.length) + ' of ' + num(items.length) + ' items match' + (pages > 1 ? ' · ' + (start + 1) + '–' + (start + slice.length) : '');
          var pager = $('pager'); pager.textContent = '';
          if (pages > 1) {
            var prev = el('button', null, '‹ Previous'), next = el('button', null, 'Next ›');
            prev.disabled = state.page <= 1; next.disabled = state.page >= pages;
            prev.addEventListener('click', function () { state.page--; update(true); });
            next.addEventListener('click', function () { state.page++; update(true); });
            pager.appendChild(prev); pager.appendChild(el('span', null, 'Page ' + state.page + ' of ' + pages)); pager.appendChild(next);
          }
        }
        function update(scroll) {
          var r = evaluate();
          drawFilters(r);
          drawPage(r.match);
          writeHash();
          if (scroll) $('status-filters').scrollIntoView({ block: 'start' });
        }
        function tile(k, v, s, wide) {
          var t = el('div', 'tile' + (wide ? ' wide' : ''));
          t.appendChild(el('div', 'k', k)); var vv = el('div', 'v', v); t.appendChild(vv);
          if (s) t.appendChild(el('div', 's', s));
          $('tiles').appendChild(t); return t;
        }
        function drawSummary() {
          $('title').textContent = S.title;
          var meta = [];
          if (S.startedAt) meta.push('started ' + when(S.startedAt));
          if (S.state === 'running') meta.push('still running');
          else if (S.outcome) meta.push(S.outcome + (S.exitCode != null ? ' (exit ' + S.exitCode + ')' : ''));
          if (S.dryRun) meta.push('dry run');
          $('run-meta').textContent = meta.join(' · ');
          var mode = $('mode');
          mode.className = 'mode ' + (S.sandbox == null ? 'unknown' : S.sandbox ? 'sandbox' : 'live');
          mode.textContent = S.sandbox == null ? 'offline' : S.sandbox ? 'sandbox' : 'live';
          var t = tile('Items', num(items.length), null, true);
          var bar = el('div', 'bar'), legend = el('div', 'legend');
          statuses.forEach(function (s) {
            var part = el('span', 'st-' + s); part.style.width = (100 * seen[s] / items.length) + '%'; part.style.background = 'var(--st)'; bar.appendChild(part);
            var l = el('span', 'st-' + s); l.appendChild(el('span', 'dot')).style.background = 'var(--st)';
            l.appendChild(el('b', null, num(seen[s]))); l.appendChild(document.createTextNode(' ' + s)); legend.appendChild(l);
          });
          t.appendChild(bar); t.appendChild(legend);
          tile('Images charged', num(S.imagesCharged), S.imagesChargedAllRuns != null && Number(S.imagesChargedAllRuns) !== Number(S.imagesCharged) ? num(S.imagesChargedAllRuns) + ' over all runs' : 'this run');
          tile('Balance', S.balanceAfter != null ? num(S.balanceAfter) : '–', S.balanceBefore != null ? 'before: ' + num(S.balanceBefore) : 'not read (no key)');
          var saved = 0, known = false; S.savings.forEach(function (x) { if (x.images != null) { saved += Number(x.images); known = true; } });
          tile('Saved', known ? num(saved) + ' images' : '–', S.savings.length ? S.savings.length + ' source' + (S.savings.length > 1 ? 's' : '') + ', see below' : 'no reuse or routing');
          var took = S.startedAt && S.finishedAt ? (Date.parse(S.finishedAt) - Date.parse(S.startedAt)) / 1000 : null;
          tile('Time taken', took == null ? (S.state === 'running' ? 'running' : '–') : secs(took), S.finishedAt ? 'finished ' + when(S.finishedAt) : null);
          tile('Plan', S.plan || 'unknown', S.sandbox == null ? 'no key: offline' : S.sandbox ? 'sandbox key: free, watermarked' : 'live key: real images');
          if (S.possiblyBilledTwice) tile('Possibly billed twice', num(S.possiblyBilledTwice), 'calls of unknown outcome were sent again');
          var sv = $('savings');
          if (S.savings.length) {
            var ul = el('ul');
            S.savings.forEach(function (x) { ul.appendChild(el('li', null, x.label + (x.images != null ? ': ' + num(x.images) + ' images' : ''))); });
            sv.appendChild(ul);
          }
          $('footer').textContent = 'photoroom-batch ' + (S.toolVersion || '') + ' · run ' + (S.runID || '–') + ' · written ' + when(S.generatedAt)
            + ' · thumbnails are 256 px JPEGs; transparent results are shown on a checkerboard · "check this cutout": x-uncertainty-score above '
            + S.uncertaintyThreshold + ' or people found (-1)';
        }
        $('warning-filter').addEventListener('change', function (e) { setFilter('warning', e.target.value); });
        $('check-filter').addEventListener('click', function () { setFilter('check', !state.check); });
        var timer = null;
        $('search').addEventListener('input', function (e) {
          clearTimeout(timer); var v = e.target.value.toLowerCase();
          timer = setTimeout(function () { setFilter('q', v); }, 120);
        });
        document.addEventListener('keydown', function (e) { if (e.key === '/' && document.activeElement !== $('search')) { e.preventDefault(); $('search').focus(); } });
        window.addEventListener('hashchange', function () { readHash(); update(); });
        drawSummary();
        readHash();
        update();
        root.setAttribute('data-cards', String($('grid').querySelectorAll('.card').length));
        root.setAttribute('data-ready-ms', performance.now().toFixed(1));
        })();
        """#
}
