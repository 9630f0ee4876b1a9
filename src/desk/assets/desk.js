// The desk's page: overview of every page, one page large, input errors; kept up to date
// by the server-sent events the desk sends after each build. Plain script, no libraries.
'use strict';

const $ = (id) => document.getElementById(id);
const PX_PER_PT = 96 / 72;
let state = null;
let zoom = 'fit';
let selected = null;
const thumbs = new Map();
let shownPage = { number: null, hash: null, src: null };

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const kid of kids) if (kid != null) e.append(kid);
  return e;
}

function place(e, rect, page) {
  e.style.left = (rect[0] / page.width * 100) + '%';
  e.style.top = (rect[1] / page.height * 100) + '%';
  e.style.width = (rect[2] / page.width * 100) + '%';
  e.style.height = (rect[3] / page.height * 100) + '%';
}

function markFor(block, page, onpick) {
  const a = block.article;
  const m = el('div', {
    class: 'mark ' + a.state,
    'data-article': a.file,
    'data-state': a.state,
    title: a.file + (a.label ? ' — ' + a.label : ''),
  }, a.label ? el('span', { text: a.label }) : null);
  place(m, block.rect, page);
  if (onpick) {
    m.addEventListener('mouseenter', () => { if (!selected) showBlock(block); });
    m.addEventListener('click', (ev) => { ev.stopPropagation(); pick(block, m); });
  }
  return m;
}

function pageTitle(p) {
  return p.label + ' · ' + p.section + ' · 第' + p.number + '版';
}

function blockItem(block) {
  const a = block.article;
  const part = block.part > 0 ? ' (续 ' + (block.part + 1) + ')' : '';
  const label = a.state === 'fits' ? '合适 fits' : a.label;
  return el('li', { class: a.state, 'data-state': a.state },
    (a.title || a.file) + part + ' — ' + label);
}

async function refresh() {
  try {
    const r = await fetch('/api/state', { cache: 'no-store' });
    state = await r.json();
  } catch (e) {
    return;
  }
  render();
}

function render() {
  if (!state) return;
  document.body.dataset.generation = state.generation;
  $('edition').textContent = state.edition;
  const st = $('status');
  st.className = 'status ' + (state.ok ? state.status : 'broken');
  st.textContent = state.ok ? (state.status || '') : 'input errors';
  $('errors').hidden = state.ok;
  $('error-text').textContent = state.errors || '';
  renderOverview();
  const n = route();
  $('overview').hidden = n !== null;
  $('pageview').hidden = n === null;
  if (n !== null) renderPage(n);
}

function route() {
  const m = location.hash.match(/^#\/page\/(\d+)/);
  return m ? Number(m[1]) : null;
}

function renderOverview() {
  const box = $('overview');
  const seen = new Set();
  for (const p of state.pages) {
    seen.add(p.number);
    let t = thumbs.get(p.number);
    if (!t) {
      const img = el('img', { alt: 'page ' + p.number });
      const marks = el('div', { class: 'marks' });
      const link = el('a', { class: 'thumb', href: '#/page/' + p.number }, img, marks);
      const caption = el('div', { class: 'caption' });
      const list = el('ul', {});
      const card = el('div', { class: 'page-card', 'data-page': p.number }, link, caption, list);
      t = { card, img, marks, caption, list, hash: null };
      thumbs.set(p.number, t);
    }
    box.append(t.card);
    if (t.hash !== p.hash) {
      t.img.src = '/page/' + p.number + '.png?scale=1&h=' + p.hash;
      t.hash = p.hash;
      t.card.dataset.hash = p.hash;
    }
    t.caption.textContent = pageTitle(p);
    t.marks.replaceChildren(...p.blocks.map((b) => markFor(b, p, null)));
    const problems = p.blocks.filter((b) => b.article.state !== 'fits');
    const fine = p.blocks.length - problems.length;
    t.list.replaceChildren(...problems.map(blockItem),
      el('li', { class: 'fits', text: fine + ' block' + (fine === 1 ? '' : 's') + ' fit' }));
  }
  for (const [n, t] of thumbs) {
    if (!seen.has(n)) { t.card.remove(); thumbs.delete(n); }
  }
}

function currentPage(n) {
  return state.pages.find((p) => p.number === n);
}

function sheetWidth(p) {
  if (zoom === 'fit') {
    const room = $('scroller').clientWidth - 32;
    return Math.max(200, room);
  }
  return p.width * PX_PER_PT * Number(zoom);
}

function renderPage(n) {
  const p = currentPage(n);
  if (!p) { $('page-title').textContent = 'no page ' + n; return; }
  const i = state.pages.indexOf(p);
  $('page-title').textContent = pageTitle(p);
  $('prev').disabled = i === 0;
  $('next').disabled = i === state.pages.length - 1;
  $('page-pdf').href = '/download/page-' + p.number + '.pdf';
  const sheet = $('sheet');
  const w = sheetWidth(p);
  sheet.style.width = w + 'px';
  sheet.style.height = (w * p.height / p.width) + 'px';
  sheet.style.setProperty('--k', String(w / p.width));
  const need = w / p.width * (window.devicePixelRatio || 1) / PX_PER_PT;
  const scale = need <= 1.05 ? 1 : need <= 2.05 ? 2 : 4;
  const src = '/page/' + p.number + '.png?scale=' + scale + '&h=' + p.hash;
  if (shownPage.src !== src) {
    $('page-img').src = src;
    sheet.dataset.hash = p.hash;
    shownPage.src = src;
  }
  if (shownPage.number !== p.number || shownPage.hash !== p.hash) {
    shownPage.number = p.number;
    shownPage.hash = p.hash;
    loadText(p);
  }
  const marks = p.blocks.map((b) => markFor(b, p, true));
  const changes = state.changes && $('show-changes').checked ? changeMarks(p) : [];
  $('page-marks').replaceChildren(...marks, ...changes);
  $('page-blocks').replaceChildren(...p.blocks.map((b) => {
    const li = blockItem(b);
    li.addEventListener('click', () => pick(b, null));
    return li;
  }));
  $('changes-toggle').hidden = !state.changes;
  renderChangeList(p);
  if (selected) {
    const again = p.blocks.find((b) => b.article.file === selected.file && b.part === selected.part);
    if (again) showBlock(again); else { selected = null; $('block-info').replaceChildren(); }
  }
}

async function loadText(p) {
  let data;
  try {
    data = await (await fetch('/page/' + p.number + '.json', { cache: 'no-store' })).json();
  } catch (e) {
    return;
  }
  if (shownPage.number !== p.number) return;
  const layer = $('text-layer');
  layer.replaceChildren(...data.runs.map((r) => {
    const s = el('span', { text: r.text });
    s.style.left = (r.x / p.width * 100) + '%';
    s.style.top = ((r.baseline - r.size * 0.88) / p.height * 100) + '%';
    s.style.fontSize = 'calc(var(--k) * ' + r.size + 'px)';
    return s;
  }));
}

function changeMarks(p) {
  const pc = (state.changes.pages || []).find((c) => c.number === p.number);
  if (!pc) return [];
  return pc.marks.map((m) => {
    const moved = m.label === '移';
    const e = el('div', { class: moved ? 'mark change moved' : 'mark change' }, moved ? null : el('span', { text: m.label }));
    place(e, m.rect, p);
    return e;
  });
}

function renderChangeList(p) {
  const box = $('page-changes');
  if (!state.changes || !$('show-changes').checked) { box.replaceChildren(); return; }
  const pc = (state.changes.pages || []).find((c) => c.number === p.number);
  const items = [el('h3', { text: 'Changes since proof round ' + state.changes.round })];
  if (pc && pc.unchanged) items.push(el('p', { text: 'This page is unchanged.' }));
  if (pc && !pc.unchanged && pc.old_image) {
    items.push(el('figure', { class: 'old-page' },
      el('img', { src: pc.old_image + '?r=' + state.changes.round, alt: 'page ' + p.number + ' in round ' + state.changes.round }),
      el('figcaption', { text: 'Round ' + state.changes.round + ' (as proofed)' })));
  }
  for (const a of state.changes.articles || []) {
    items.push(el('h4', { text: a.article }), el('ul', {}, ...a.changes.map((c) => el('li', { text: c }))));
  }
  box.replaceChildren(...items);
}

function pick(block, mark) {
  selected = { file: block.article.file, part: block.part };
  for (const m of document.querySelectorAll('#page-marks .mark')) m.classList.remove('selected');
  if (mark) mark.classList.add('selected');
  showBlock(block);
}

function showBlock(b) {
  const a = b.article;
  const rows = [
    ['Article', a.file],
    ['主题', a.title],
    ['State', a.state === 'fits' ? '合适 fits' : a.label],
    ['Lines set', String(a.lines_set)],
  ];
  if (a.overset) rows.push(['超版 overset', a.overset.lines + ' lines, ' + a.overset.chars + ' chars, from “' + a.overset.starts_with + '”']);
  for (const c of a.cut || []) rows.push(['Cut', c]);
  if (a.underset_lines) rows.push(['短 short', a.underset_lines + ' empty lines at the end']);
  if (a.missing.length) rows.push(['缺字 missing', a.missing.join(', ')]);
  for (const d of a.diagnostics) rows.push(['Note', d]);
  rows.push(['Edit', b.edit.file + (b.edit.line ? ':' + b.edit.line : '') + ' ([[page.block]] of this block); text in ' + a.file]);
  const dl = el('dl', {});
  for (const [k, v] of rows) dl.append(el('dt', { text: k }), el('dd', { text: v }));
  $('block-info').replaceChildren(dl);
}

function step(d) {
  const n = route();
  const i = state.pages.findIndex((p) => p.number === n);
  const next = state.pages[i + d];
  if (next) location.hash = '#/page/' + next.number;
}

$('prev').addEventListener('click', () => step(-1));
$('next').addEventListener('click', () => step(1));
$('zoom').addEventListener('change', (e) => { zoom = e.target.value; render(); });
$('show-changes').addEventListener('change', render);
$('sheet').addEventListener('click', () => { selected = null; render(); });
window.addEventListener('hashchange', () => { selected = null; $('block-info').replaceChildren(); render(); });
window.addEventListener('resize', () => { if (zoom === 'fit') render(); });

function connect() {
  const es = new EventSource('/events');
  es.addEventListener('hello', () => { $('live').classList.add('on'); refresh(); });
  es.addEventListener('build', () => refresh());
  es.onerror = () => { $('live').classList.remove('on'); };
}

connect();
refresh();
