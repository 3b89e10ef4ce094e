// The dashboard's script, built into the binary: polls the control API for the station, draws
// the connectors (1.6 connectors or 2.0.1 EVSEs), profiles, composite schedule, firmware and
// configuration (1.6) or the device model (2.0.1), keeps the live OCPP log from the Server-Sent
// Events stream (a CALL with its answer on one row), and shows the fleet view when the server has
// one. Its buttons call the control API's routes.

/// The dashboard's JavaScript, inlined into the page. `{{faults}}` becomes the JSON array of
/// the fault codes the simulation can raise.
enum DashboardScript {
    static let javascript = #"""
    'use strict';
    const $ = (selector, root = document) => root.querySelector(selector);
    const FAULTS = {{faults}};
    const token = new URLSearchParams(location.search).get('token');
    const authHeaders = token ? { Authorization: 'Bearer ' + token } : {};
    let base = '/api/';            // the station's routes: /api/... or, in a fleet, /api/stations/ID/...
    let connectorCount = 0;
    let fleetAvailable = false;
    let stationVersion = null;     // '1.6' or '2.0.1', from GET .../station; decides the views shown
    const isV201 = () => stationVersion === '2.0.1';

    function el(tag, attributes = {}, ...children) {
      const node = document.createElement(tag);
      for (const [key, value] of Object.entries(attributes)) {
        if (key === 'class') node.className = value; else if (key === 'text') node.textContent = value; else node.setAttribute(key, value);
      }
      for (const child of children) node.append(child);
      return node;
    }

    async function request(method, url, body) {
      const headers = Object.assign({}, authHeaders);
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      let data = null;
      try { data = await response.json(); } catch (e) { data = null; }
      if (!response.ok) { const error = new Error((data && data.error) || ('HTTP ' + response.status)); error.status = response.status; throw error; }
      return data;
    }
    const get = (path) => request('GET', base + path);

    function toast(text, bad) {
      const node = $('#toast');
      node.textContent = text; node.className = bad ? 'bad' : ''; node.title = text;
    }

    async function act(method, path, body) {
      try {
        await request(method, base + path, body);
        toast(method + ' ' + base + path + ' ok');
      } catch (error) {
        toast(method + ' ' + base + path + ': ' + error.message, true);
      }
      refreshStation();
    }

    // ---- Station ----

    function connectorCard(id, v201) {
      const faultSelect = el('select', { class: 'fault-code', title: 'error code' });
      for (const code of FAULTS) faultSelect.append(el('option', { text: code }));
      const button = (action, label, extra = '') => el('button', { 'data-act': action, class: extra, text: label });
      const figure = (label, cls, small) => el('div', small ? { class: 'small' } : {}, el('span', { text: label }), el('b', { class: cls, text: '–' }));
      const soc = figure('EV state of charge', 'soc-value');
      soc.append(el('div', { class: 'soc' }, el('i')));
      // A 2.0.1 station's connector n is EVSE n (connector 1 of it), with the transaction's seqNo and chargingState.
      const figures = v201
        ? [figure('energy', 'energy'), figure('power', 'power'), soc, figure('transaction', 'txid', true), figure('seqNo', 'seqno', true),
          figure('idToken', 'idtag', true), figure('EV', 'ev', true)]
        : [figure('energy', 'energy'), figure('power', 'power'), soc, figure('transaction', 'txid', true), figure('idTag', 'idtag', true), figure('EV', 'ev', true)];
      const card = el('div', { class: 'card', id: 'connector-' + id, 'data-id': id },
        el('div', { class: 'card-head' }, el('span', { class: 'name', text: v201 ? 'EVSE ' + id : 'Connector ' + id }), el('span', { class: 'status', text: '…' }),
          ...(v201 ? [el('span', { class: 'charging-state', title: 'the transaction\'s chargingState' })] : []), el('span', { class: 'error' })),
        el('div', { class: 'figures' }, ...figures),
        el('div', { class: 'actions' }, button('plug', 'Plug'), button('unplug', 'Unplug'), el('span', { class: 'sep' }),
          el('input', { class: 'tag', id: 'tag-' + id, value: '04A2B3C4', size: 10, title: 'idTag presented at the reader' }),
          button('swipe', 'Swipe', 'primary'), el('span', { class: 'sep' }), button('suspend', 'EV suspend'), button('resume', 'EV resume'),
          el('input', { class: 'soc-input', id: 'soc-' + id, type: 'number', min: 0, max: 100, step: 1, value: 20, title: 'EV state of charge, %' }),
          button('soc', 'Set SoC'),
          el('span', { class: 'sep' }), faultSelect, button('fault', 'Raise fault', 'danger'), button('clear', 'Clear faults')));
      card.addEventListener('click', (event) => {
        const action = event.target.getAttribute && event.target.getAttribute('data-act');
        if (!action) return;
        const path = 'connectors/' + id + '/';
        if (action === 'plug' || action === 'unplug') act('POST', path + action, {});
        else if (action === 'swipe') act('POST', 'rfid', { idTag: $('#tag-' + id).value.trim(), connectorId: id });
        else if (action === 'suspend' || action === 'resume') act('POST', path + 'ev', { suspended: action === 'suspend' });
        else if (action === 'soc') act('POST', path + 'ev', { socPercent: Number($('#soc-' + id).value) });
        else if (action === 'fault') act('POST', path + 'fault', { errorCode: faultSelect.value });
        else if (action === 'clear') act('DELETE', path + 'fault');
      });
      return card;
    }

    function pill(node, text, kind) { node.textContent = text; node.className = 'pill ' + (kind || ''); }

    // The views a station of each version has: 1.6 smart charging, firmware and configuration
    // keys, or the 2.0.1 device model; the others are hidden.
    function applyVersion() {
      const v201 = isV201();
      for (const id of ['#smart-panel', '#files-panel', '#config-panel', '#station-view > .stack']) $(id).hidden = v201;
      $('#variables-panel').hidden = !v201;
      $('#ocpp-version').textContent = stationVersion;
    }

    function showStation(station) {
      const version = station.ocppVersion || '1.6';
      if (version !== stationVersion) { stationVersion = version; connectorCount = 0; applyVersion(); refreshDetailsSoon(); }
      $('#cpid').textContent = station.chargePointId;
      document.title = station.chargePointId + ' · ChargeStation';
      const registration = station.registration;
      pill($('#registration'), registration, registration === 'Accepted' ? 'ok' : registration === 'Rejected' ? 'bad' : 'warn');
      pill($('#connection'), station.connected ? 'connected' : 'offline', station.connected ? 'ok' : 'bad');
      $('#queued').textContent = station.queuedMessages;
      const holder = $('#connectors');
      if (connectorCount !== station.connectors.length) {
        holder.replaceChildren(...station.connectors.map((c) => connectorCard(c.id, isV201())));
        const select = $('#schedule-connector');
        select.replaceChildren(el('option', { value: 0, text: '0 (station)' }), ...station.connectors.map((c) => el('option', { value: c.id, text: String(c.id), ...(c.id === 1 ? { selected: '' } : {}) })));
        connectorCount = station.connectors.length;
      }
      for (const c of station.connectors) {
        const card = $('#connector-' + c.id);
        const status = $('.status', card);
        status.textContent = c.status; status.className = 'status ' + c.status;
        $('.error', card).textContent = c.errorCode === 'NoError' ? '' : c.errorCode;
        const energy = $('.energy', card);
        energy.textContent = (c.meterWh / 1000).toFixed(3) + ' kWh'; energy.setAttribute('data-wh', c.meterWh);
        $('.power', card).textContent = (c.powerW / 1000).toFixed(1) + ' kW';
        $('.txid', card).textContent = c.transactionId === null || c.transactionId === undefined ? '–' : c.transactionId;
        $('.idtag', card).textContent = c.idTag || '–';
        $('.txid', card).title = c.transactionId || '';
        if (isV201()) {
          $('.seqno', card).textContent = c.seqNo === null || c.seqNo === undefined ? '–' : c.seqNo;
          const state = $('.charging-state', card);
          state.textContent = c.chargingState || ''; state.className = 'charging-state status small ' + (c.chargingState || '');
          state.hidden = !c.chargingState;
        }
        const ev = c.ev;
        $('.soc-value', card).textContent = ev ? ev.socPercent.toFixed(1) + ' %' : '–';
        $('.soc i', card).style.width = ev ? ev.socPercent + '%' : '0';
        $('.ev', card).textContent = !ev ? '–' : !ev.plugged ? 'unplugged' : ev.suspended ? 'plugged, suspended' : ev.drawing ? 'plugged, drawing' : 'plugged';
      }
    }

    let stationBusy = false;
    async function refreshStation() {
      if (stationBusy) return;
      stationBusy = true;
      // One station's view is GET /api/station, a fleet station's GET /api/stations/ID.
      try { showStation(await request('GET', base === '/api/' ? '/api/station' : base.slice(0, -1))); }
      catch (error) {
        if (error.status === 404 && fleetAvailable && base === '/api/') { location.hash = '#/fleet'; }
        else { pill($('#connection'), error.status === 503 ? 'rebooting' : 'unreachable', 'bad'); }
      } finally { stationBusy = false; }
    }

    // ---- Smart charging, firmware, configuration ----

    function formatLimit(limit, unit) { return unit === 'W' ? (limit / 1000).toFixed(limit % 1000 ? 1 : 0) + ' kW' : limit.toFixed(limit % 1 ? 1 : 0) + ' A'; }

    function drawSchedule(answer) {
      const holder = $('#schedule-chart');
      const schedule = answer && answer.status === 'Accepted' ? answer.chargingSchedule : null;
      const periods = schedule ? (schedule.chargingSchedulePeriod || []) : [];
      if (!periods.length) { holder.replaceChildren(el('div', { class: 'empty', text: 'no composite schedule' })); return; }
      const unit = schedule.chargingRateUnit, duration = schedule.duration || Number($('#schedule-duration').value);
      const width = Math.max(holder.clientWidth, 300), height = 200, left = 56, right = 10, top = 10, bottom = 22;
      const highest = Math.max(...periods.map((p) => p.limit)) || 1, top_ = highest * 1.15;
      const x = (t) => left + Math.min(t, duration) / duration * (width - left - right);
      const y = (v) => top + (1 - v / top_) * (height - top - bottom);
      let path = 'M' + x(periods[0].startPeriod).toFixed(1) + ' ' + y(periods[0].limit).toFixed(1);
      periods.forEach((p, i) => {
        const end = i + 1 < periods.length ? periods[i + 1].startPeriod : duration;
        path += ' H' + x(end).toFixed(1);
        if (i + 1 < periods.length) path += ' V' + y(periods[i + 1].limit).toFixed(1);
      });
      const area = path + ' V' + y(0).toFixed(1) + ' H' + x(periods[0].startPeriod).toFixed(1) + ' Z';
      const start = new Date(answer.scheduleStart);
      let ticks = '';
      for (let i = 0; i <= 6; i++) {
        const t = duration * i / 6, when = new Date(start.getTime() + t * 1000);
        ticks += '<line class="axis" x1="' + x(t) + '" x2="' + x(t) + '" y1="' + top + '" y2="' + (height - bottom) + '"/>' +
          '<text x="' + x(t) + '" y="' + (height - 6) + '" text-anchor="middle">' + when.toTimeString().slice(0, 5) + '</text>';
      }
      for (const v of [0, highest / 2, highest]) {
        ticks += '<line class="axis" x1="' + left + '" x2="' + (width - right) + '" y1="' + y(v) + '" y2="' + y(v) + '"/>' +
          '<text x="' + (left - 4) + '" y="' + (y(v) + 3) + '" text-anchor="end">' + formatLimit(v, unit) + '</text>';
      }
      holder.innerHTML = '<svg viewBox="0 0 ' + width + ' ' + height + '" role="img" aria-label="composite schedule">' + ticks +
        '<path class="area" d="' + area + '"/><path class="step" d="' + path + '"/></svg>';
    }

    function showProfiles(profiles) {
      const rows = profiles.map(({ connectorId, profile }) => {
        const schedule = profile.chargingSchedule;
        const periods = schedule.chargingSchedulePeriod.map((p) => p.startPeriod + '→' + formatLimit(p.limit, schedule.chargingRateUnit)).join(', ');
        const valid = profile.validFrom || profile.validTo ? (profile.validFrom || '…').slice(0, 16) + ' – ' + (profile.validTo || '…').slice(0, 16) : 'always';
        return el('tr', {}, ...[profile.chargingProfileId, connectorId, profile.chargingProfilePurpose, profile.chargingProfileKind + (profile.recurrencyKind ? ' ' + profile.recurrencyKind : ''),
          profile.stackLevel, schedule.chargingRateUnit, periods, valid].map((v) => el('td', { text: String(v) })));
      });
      $('#profiles tbody').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 8, class: 'empty', text: 'no charging profile installed' }))]));
    }

    function facts(node, title, object, extra) {
      node.replaceChildren(el('dt', { text: title }), el('dd', { text: '' }));
      for (const [key, value] of Object.entries(Object.assign({}, object, extra))) {
        if (value !== null && value !== undefined) node.append(el('dt', { text: key }), el('dd', { text: String(value) }));
      }
    }

    let lastNotified = { firmware: null, diagnostics: null };
    function showConfiguration(report) {
      const filter = $('#config-filter').value.toLowerCase();
      const keys = report.configurationKey || [];
      const shown = keys.filter((k) => k.key.toLowerCase().includes(filter));
      $('#config tbody').replaceChildren(...shown.map((k) => el('tr', {}, el('td', { text: k.key }),
        el('td', { text: k.value === undefined ? '(write-only)' : k.value }), el('td', { class: 'ro', text: k.readonly ? 'read-only' : '' }))));
      $('#config-count').textContent = shown.length + ' of ' + keys.length;
    }

    let detailsBusy = false, lastConfiguration = null;
    async function refreshDetails() {
      if (detailsBusy || !stationVersion) return;
      detailsBusy = true;
      if (isV201()) {
        await get('variables').then((r) => showVariables(r.variables || []), (error) => toast('device model: ' + error.message, true));
        detailsBusy = false;
        return;
      }
      const connector = $('#schedule-connector').value || 1;
      const query = 'composite-schedule?connectorId=' + connector + '&duration=' + $('#schedule-duration').value + '&unit=' + $('#schedule-unit').value;
      const tasks = [
        get('charging-profiles').then((r) => showProfiles(r.profiles || [])),
        get(query).then(drawSchedule, () => drawSchedule(null)),
        get('firmware').then((r) => {
          facts($('#firmware'), 'firmware', r.firmware, { lastNotified: lastNotified.firmware });
          facts($('#diagnostics'), 'diagnostics', r.diagnostics, { lastNotified: lastNotified.diagnostics });
        }),
        get('configuration').then((r) => { lastConfiguration = r; showConfiguration(r); }),
      ];
      await Promise.allSettled(tasks);
      detailsBusy = false;
    }
    let detailsTimer = null;
    function refreshDetailsSoon() { clearTimeout(detailsTimer); detailsTimer = setTimeout(refreshDetails, 300); }
    """# + DashboardDeviceModelScript.javascript + DashboardLogScript.javascript
}
