/* licman dashboard: plain JavaScript, no build step. Talks to /api/v1 with the token kept in sessionStorage. */
(function () {
  'use strict';

  const TOKEN_KEY = 'licman.token';
  const EXPIRY_DAYS = 30;
  const $ = (sel) => document.querySelector(sel);
  const state = { token: sessionStorage.getItem(TOKEN_KEY) || '', me: null, features: [], seq: -1, leases: [],
    resolution: 'hour', chart: null, stream: null, retry: 0, lastFeatureKey: '', historyLoaded: 0 };

  // ---- API ----
  async function api(path, options) {
    const headers = Object.assign({ 'Accept': 'application/json' }, (options && options.headers) || {});
    if (state.token) headers['Authorization'] = 'Bearer ' + state.token;
    const response = await fetch(path, Object.assign({}, options, { headers }));
    if (response.status === 401) {
      signOut('Your token was not accepted. It may have been revoked; sign in again.');
      throw new Error('unauthorized');
    }
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
      throw new Error(detail);
    }
    return response.status === 204 ? null : response.json();
  }

  // ---- Sign in / out ----
  async function start() {
    try {
      if (!state.token) {
        // Ask first whether a token is needed, so that no request is refused for lack of one.
        const access = await (await fetch('/api/v1/access')).json();
        if (!access.anonymousRead) {
          showLogin('');
          return;
        }
      }
      const headers = state.token ? { 'Authorization': 'Bearer ' + state.token } : {};
      const response = await fetch('/api/v1/me', { headers });
      if (response.status === 401) {
        showLogin(state.token ? 'That token was not accepted.' : '');
        return;
      }
      state.me = await response.json();
    } catch (e) {
      showLogin('The server cannot be reached.');
      return;
    }
    showApp();
  }

  function showLogin(message) {
    $('#app').hidden = true;
    $('#login').hidden = false;
    $('#sign-out').hidden = true;
    $('#reload-button').hidden = true;
    $('#role-badge').hidden = true;
    const error = $('#login-error');
    error.textContent = message || '';
    error.hidden = !message;
    setLive('off', 'Offline');
    $('#token').focus();
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = '';
    state.me = null;
    if (state.stream) state.stream.abort();
    state.stream = null;
    showLogin(message);
  }

  function showApp() {
    const me = state.me;
    $('#login').hidden = true;
    $('#app').hidden = false;
    $('#server-name').textContent = me.server;
    document.title = 'licman · ' + me.server;
    const badge = $('#role-badge');
    badge.hidden = false;
    badge.textContent = me.anonymous ? 'guest' : me.role;
    badge.dataset.role = me.role;
    badge.title = me.anonymous ? 'reading without a token' : 'token: ' + me.name;
    document.body.classList.toggle('is-admin', me.role === 'admin');
    $('#reload-button').hidden = me.role !== 'admin';
    $('#sign-out').hidden = me.anonymous;
    connect();
    refreshLists();
    loadHistory();
  }

  $('#login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = $('#token').value.trim();
    if (!value) {
      showLogin('Paste a token first.');
      return;
    }
    state.token = value;
    sessionStorage.setItem(TOKEN_KEY, value);
    $('#token').value = '';
    await start();
  });
  $('#sign-out').addEventListener('click', () => signOut(''));

  // ---- Live updates: server-sent events over fetch, so the token goes in a header ----
  async function connect() {
    if (state.stream) state.stream.abort();
    const controller = new AbortController();
    state.stream = controller;
    setLive('wait', 'Connecting…');
    try {
      const headers = state.token ? { 'Authorization': 'Bearer ' + state.token } : {};
      const response = await fetch('/api/v1/events', { headers, signal: controller.signal, cache: 'no-store' });
      if (response.status === 401) {
        signOut('Your token was not accepted. It may have been revoked; sign in again.');
        return;
      }
      if (!response.ok || !response.body) throw new Error('no stream');
      setLive('on', 'Live');
      state.retry = 0;
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          handleEvent(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
      }
    } catch (e) {
      if (controller.signal.aborted) return;
    }
    if (state.stream !== controller) return;
    setLive('wait', 'Reconnecting…');
    state.retry = Math.min(state.retry + 1, 5);
    setTimeout(connect, 500 * state.retry);
  }

  function handleEvent(block) {
    let type = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trim();
    }
    if (type !== 'update' || !data) return;
    const update = JSON.parse(data);
    renderFeatures(update.features, update.time);
    if (update.seq !== state.seq) {
      state.seq = update.seq;
      refreshLists();
      if (Date.now() - state.historyLoaded > 15000) loadHistory();
    }
  }

  function setLive(kind, text) {
    const el = $('#live-status');
    el.dataset.state = kind;
    el.querySelector('.live-text').textContent = text;
  }

  // ---- Rendering ----
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') node.textContent = v;
      else if (k === 'class') node.className = v;
      else if (k.startsWith('data-')) node.setAttribute(k, v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  const dateTimeFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  function when(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return d.toDateString() === new Date().toDateString() ? timeFormat.format(d) : dateTimeFormat.format(d);
  }

  function renderFeatures(features, time) {
    state.features = features;
    const grid = $('#features');
    grid.replaceChildren(...features.map(featureCard));
    $('#updated').textContent = time ? 'updated ' + timeFormat.format(new Date(time)) : '';
    renderAlerts(features);
    fillFeatureSelect(features);
  }

  function featureCard(f) {
    const total = f.uncounted ? '∞' : f.seatsTotal;
    const share = f.uncounted || f.seatsTotal === 0 ? 0 : Math.min(1, f.seatsUsed / f.seatsTotal);
    const level = share >= 1 ? 'full' : share >= 0.8 ? 'high' : 'ok';
    const chips = [];
    if (f.queued > 0) chips.push(el('span', { class: 'chip info', text: f.queued + ' queued' }));
    if (f.overdraftUsed > 0) chips.push(el('span', { class: 'chip bad', text: f.overdraftUsed + ' overdraft' }));
    if (f.expired) chips.push(el('span', { class: 'chip bad', text: 'expired' }));
    else if (f.expiringSoon) chips.push(el('span', { class: 'chip warn', text: 'expires in ' + f.daysToExpiry + ' d' }));
    else if (f.expires) chips.push(el('span', { class: 'chip', text: 'until ' + dateFormat.format(new Date(f.expires)) }));
    else chips.push(el('span', { class: 'chip', text: 'permanent' }));
    const bar = el('div', { class: 'bar', 'data-level': level, role: 'progressbar', 'aria-label': f.feature + ' seats in use',
      'aria-valuemin': '0', 'aria-valuemax': String(f.seatsTotal), 'aria-valuenow': String(f.seatsUsed) }, [el('span')]);
    bar.firstChild.style.width = Math.round(share * 100) + '%';
    return el('article', { class: 'feature-card', 'data-feature': f.feature, 'data-vendor': f.vendor }, [
      el('div', {}, [el('div', { class: 'name', text: f.feature }), el('div', { class: 'vendor', text: f.vendor })]),
      el('div', { class: 'figures' }, [el('span', { class: 'used', text: String(f.seatsUsed) }),
        el('span', { class: 'total', text: 'of ' + total + ' seats in use' })]),
      bar,
      el('div', { class: 'chips' }, chips)
    ]);
  }

  function renderAlerts(features) {
    const alerts = [];
    for (const f of features) {
      if (f.expired) {
        alerts.push(el('div', { class: 'alert bad', role: 'alert', text: f.vendor + '/' + f.feature + ': every license has expired.' }));
      } else if (f.expiringSoon) {
        alerts.push(el('div', { class: 'alert', text: f.vendor + '/' + f.feature + ': ' + f.seatsExpiringSoon + ' seat(s) expire on '
          + dateFormat.format(new Date(f.expires)) + ' (in ' + f.daysToExpiry + ' days). Renew within ' + EXPIRY_DAYS + ' days.' }));
      }
    }
    $('#alerts').replaceChildren(...alerts);
  }

  async function refreshLists() {
    try {
      const [leases, queue, denials] = await Promise.all([api('/api/v1/leases?limit=2000'), api('/api/v1/queue'),
        api('/api/v1/denials?limit=25')]);
      state.leases = leases.leases;
      renderLeases();
      renderQueue(queue.queue);
      renderDenials(denials.denials);
      if (state.features.length === 0) {
        const features = await api('/api/v1/features');
        renderFeatures(features.features, features.time);
      }
    } catch (e) {
      if (e.message !== 'unauthorized') toast('Could not refresh: ' + e.message, true);
    }
  }

  function renderLeases() {
    const filter = $('#lease-filter').value.trim().toLowerCase();
    const admin = state.me && state.me.role === 'admin';
    const rows = state.leases.filter((l) => !filter || [l.feature, l.user, l.host].some((v) => v.toLowerCase().includes(filter)))
      .map((l) => {
        const actions = el('td', { class: 'admin-only' });
        if (admin) {
          const button = el('button', { type: 'button', class: 'btn btn-small remove', 'data-lease': l.id,
            'aria-label': 'Remove the lease of ' + l.user + ' on ' + l.feature, text: 'Remove' });
          button.addEventListener('click', () => removeLease(l));
          actions.append(button);
        }
        return el('tr', { 'data-lease': l.id }, [
          el('td', { 'data-label': 'Feature', text: l.feature }),
          el('td', { 'data-label': 'User', text: l.user }),
          el('td', { 'data-label': 'Host', text: l.host }),
          el('td', { 'data-label': 'Version', text: l.version }),
          el('td', { 'data-label': 'Since', class: 'num', text: when(l.since), title: l.since }),
          el('td', { 'data-label': 'Borrowed until', class: 'num' }, l.borrowedUntil ? [el('span', { class: 'tag', text: when(l.borrowedUntil) })] : []),
          actions
        ]);
      });
    $('#leases tbody').replaceChildren(...rows);
    $('#lease-count').textContent = state.leases.length ? '(' + state.leases.length + ')' : '';
    $('#leases-empty').hidden = rows.length > 0;
    $('#leases-empty').textContent = state.leases.length ? 'No lease matches the filter.' : 'No seats are in use.';
  }
  $('#lease-filter').addEventListener('input', renderLeases);

  function renderQueue(queue) {
    $('#queue tbody').replaceChildren(...queue.map((q) => el('tr', {}, [
      el('td', { class: 'num', text: String(q.position) }), el('td', { text: q.feature }), el('td', { text: q.user }),
      el('td', { text: q.host }), el('td', { class: 'num', text: when(q.since) })])));
    $('#queue-count').textContent = queue.length ? '(' + queue.length + ')' : '';
    $('#queue-empty').hidden = queue.length > 0;
  }

  function renderDenials(denials) {
    $('#denials tbody').replaceChildren(...denials.map((d) => el('tr', {}, [
      el('td', { class: 'num', text: when(d.at), title: d.at }), el('td', { text: d.feature }), el('td', { text: d.user }),
      el('td', {}, [el('span', { class: 'tag bad', text: d.reason.toLowerCase().replaceAll('_', ' '), title: d.message })])])));
    $('#denials-empty').hidden = denials.length > 0;
  }

  // ---- Admin actions, each confirmed ----
  function confirmAction(title, text, confirmLabel) {
    const dialog = $('#confirm');
    $('#confirm-title').textContent = title;
    $('#confirm-text').textContent = text;
    $('#confirm-ok').textContent = confirmLabel;
    dialog.returnValue = '';
    dialog.showModal();
    $('#confirm-cancel').focus();
    return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
  }

  async function removeLease(lease) {
    const ok = await confirmAction('Remove this lease?', lease.user + ' on ' + lease.host + ' loses their seat of ' + lease.feature
      + ' at once; their application is told.', 'Remove lease');
    if (!ok) return;
    try {
      const result = await api('/api/v1/leases/' + encodeURIComponent(lease.id), { method: 'DELETE' });
      toast('Removed ' + result.removed + ' lease of ' + lease.user + '.');
      refreshLists();
    } catch (e) {
      if (e.message !== 'unauthorized') toast('Not removed: ' + e.message, true);
    }
  }

  $('#reload-button').addEventListener('click', async () => {
    const ok = await confirmAction('Reload licenses and options?', 'The server re-reads its license and options files. '
      + 'If any has an error, nothing changes and the errors are shown.', 'Reload');
    if (!ok) return;
    const button = $('#reload-button');
    button.disabled = true;
    try {
      const result = await api('/api/v1/reload', { method: 'POST' });
      const problems = result.files.flatMap((f) => f.problems.map((p) => f.path + ': ' + p));
      toast(result.applied ? 'Reloaded: ' + result.featuresLoaded + ' feature blocks.' : 'Not reloaded: ' + problems.join('; '), !result.applied);
    } catch (e) {
      if (e.message !== 'unauthorized') toast('Reload failed: ' + e.message, true);
    } finally {
      button.disabled = false;
    }
  });

  function toast(text, bad) {
    const t = el('div', { class: 'toast' + (bad ? ' bad' : ''), text });
    $('#toasts').append(t);
    setTimeout(() => t.remove(), 6000);
  }

  // ---- The usage report of the last 30 days, downloaded as one HTML file ----
  $('#report-button').addEventListener('click', async () => {
    const button = $('#report-button');
    button.disabled = true;
    try {
      const to = new Date().toISOString().slice(0, 10);
      const from = new Date(Date.now() - 29 * 86400000).toISOString().slice(0, 10);
      const headers = state.token ? { 'Authorization': 'Bearer ' + state.token } : {};
      const response = await fetch('/api/v1/report?format=html&from=' + from + '&to=' + to, { headers });
      if (!response.ok) throw new Error(response.statusText);
      const url = URL.createObjectURL(await response.blob());
      const link = el('a', { href: url, download: 'licman-usage-' + from + '-to-' + to + '.html' });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
      toast('No report: ' + e.message, true);
    } finally {
      button.disabled = false;
    }
  });

  // ---- History chart (uPlot from the server's WebJar) ----
  function fillFeatureSelect(features) {
    const select = $('#history-feature');
    const keys = features.map((f) => f.vendor + '/' + f.feature);
    const key = keys.join('|');
    if (key === state.lastFeatureKey) return;
    state.lastFeatureKey = key;
    const current = select.value;
    select.replaceChildren(...features.map((f) => el('option', { value: f.vendor + '/' + f.feature, text: f.feature })));
    if (keys.includes(current)) select.value = current;
    if (!current) loadHistory();
  }
  $('#history-feature').addEventListener('change', loadHistory);
  for (const button of document.querySelectorAll('.segmented button')) {
    button.addEventListener('click', () => {
      state.resolution = button.dataset.resolution;
      for (const b of document.querySelectorAll('.segmented button')) b.setAttribute('aria-checked', String(b === button));
      loadHistory();
    });
  }

  async function loadHistory() {
    const feature = $('#history-feature').value;
    if (!feature || !window.uPlot) return;
    state.historyLoaded = Date.now();
    try {
      const history = await api('/api/v1/history?resolution=' + state.resolution + '&feature=' + encodeURIComponent(feature));
      drawChart(history.series[0]);
    } catch (e) {
      $('#chart-note').textContent = e.message === 'unauthorized' ? '' : 'No history: ' + e.message;
    }
  }

  function drawChart(series) {
    const target = $('#chart');
    if (state.chart) { state.chart.destroy(); state.chart = null; }
    target.replaceChildren();
    if (!series || series.times.length === 0) {
      $('#chart-note').textContent = 'No usage recorded yet for this period.';
      return;
    }
    const labels = { hour: 'hour', day: 'day', month: 'month' };
    $('#chart-note').textContent = 'Peak seats in use per ' + labels[state.resolution] + ', the average, and the licensed seats.';
    const opts = {
      width: Math.max(280, target.clientWidth),
      height: 260,
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] } },
      axes: [{ stroke: '#5f6b7a', grid: { stroke: '#eef1f5' } }, { stroke: '#5f6b7a', grid: { stroke: '#eef1f5' } }],
      cursor: { points: { size: 7 } },
      series: [{},
        { label: 'Peak', stroke: '#1d4ed8', fill: 'rgba(29, 78, 216, .12)', width: 2, paths: uPlot.paths.stepped({ align: 1 }),
          points: { show: series.peak.filter((v) => v !== null).length < 3 } },
        { label: 'Average', stroke: '#16a34a', width: 1.5, points: { show: false } },
        { label: 'Licensed', stroke: '#dc2626', width: 1.5, dash: [6, 4], paths: uPlot.paths.stepped({ align: 1 }),
          points: { show: false } }]
    };
    state.chart = new uPlot(opts, [series.times, series.peak, series.average, series.capacity], target);
  }
  new ResizeObserver(() => {
    if (state.chart) state.chart.setSize({ width: Math.max(280, $('#chart').clientWidth), height: 260 });
  }).observe($('#chart'));
  setInterval(() => { if (state.me && !document.hidden) loadHistory(); }, 60000);

  start();
})();
