// The second half of the dashboard's script: the live OCPP log (Server-Sent Events from
// /api/log/stream, a CALL and its answer on one row, filters by action, direction and text), the
// fleet view (only when GET /api/fleet answers) and the start-up wiring.

/// The live log, fleet view and start-up of the dashboard's JavaScript.
enum DashboardLogScript {
    static let javascript = #"""

    // ---- Live OCPP log ----

    const calls = new Map();          // unanswered CALLs: answer direction + message id -> row entry
    const actions = new Set();
    const MAX_ROWS = 2000;
    const REFRESHING = new Set(['ChangeConfiguration', 'SetChargingProfile', 'ClearChargingProfile', 'UpdateFirmware', 'GetDiagnostics',
      'FirmwareStatusNotification', 'DiagnosticsStatusNotification', 'StartTransaction', 'StopTransaction', 'RemoteStartTransaction', 'Reset',
      'SetVariables', 'ChangeAvailability']);

    function payloadOf(frame) {
      try {
        const message = JSON.parse(frame.frame);
        return message[0] === 2 ? message[3] : message[0] === 3 ? message[2] : { errorCode: message[2], errorDescription: message[3], errorDetails: message[4] };
      } catch (e) { return frame.frame; }
    }
    const compact = (value) => { const text = typeof value === 'string' ? value : JSON.stringify(value); return text.length > 240 ? text.slice(0, 240) + '…' : text; };
    const timeOf = (timestamp) => timestamp.slice(11, 23);

    function answerCell(entry) {
      const answer = entry.answer;
      if (!answer) return el('td', { class: 'payload pending', text: entry.call && entry.call.kind === 'CALL' ? 'waiting…' : '' });
      if (answer.kind === 'CALLERROR') return el('td', { class: 'payload answer-bad', text: 'CALLERROR ' + answer.errorCode + ' ' + compact(payloadOf(answer).errorDescription || '') });
      const payload = payloadOf(answer);
      const status = payload && (payload.status || (payload.idTagInfo && payload.idTagInfo.status) || (payload.idTokenInfo && payload.idTokenInfo.status));
      const good = !status || ['Accepted', 'Scheduled', 'Unlocked'].includes(status);
      return el('td', { class: 'payload ' + (good ? 'answer-ok' : 'answer-bad'), text: compact(payload) });
    }

    function fillRow(entry) {
      const first = entry.call || entry.answer;
      const sent = first.direction === 'sent';
      const rtt = entry.answer && entry.answer.roundTripMs !== undefined ? entry.answer.roundTripMs.toFixed(0) + ' ms' : '';
      entry.row.replaceChildren(el('td', { text: timeOf(first.timestamp) }), el('td', { class: 'dir ' + first.direction, text: sent ? '→' : '←', title: sent ? 'station → CSMS' : 'CSMS → station' }),
        el('td', { text: first.action || '?' }), el('td', { class: 'payload', text: entry.call ? compact(payloadOf(entry.call)) : '(answer of an unseen CALL)' }),
        answerCell(entry), el('td', { text: rtt }));
      entry.row.setAttribute('data-action', first.action || '');
      entry.row.setAttribute('data-direction', first.direction);
      entry.row.setAttribute('data-answered', entry.answer ? 'yes' : 'no');
      if (entry.detail) showDetail(entry);
    }

    function showDetail(entry) {
      const text = [entry.call, entry.answer].filter(Boolean).map((f) => f.timestamp + ' ' + f.direction + ' ' + f.kind + '\n' + JSON.stringify(JSON.parse(f.frame), null, 2)).join('\n\n');
      if (!entry.detail) { entry.detail = el('tr', { class: 'detail' }, el('td', { colspan: 6 })); entry.row.after(entry.detail); }
      entry.detail.firstChild.textContent = text;
      entry.detail.hidden = entry.row.hidden;
    }

    function matches(row) {
      const action = $('#log-action').value, direction = $('#log-direction').value, search = $('#log-search').value.toLowerCase();
      return (!action || row.getAttribute('data-action') === action) && (!direction || row.getAttribute('data-direction') === direction) &&
        (!search || row.textContent.toLowerCase().includes(search));
    }
    function applyFilter() {
      for (const row of $('#log tbody').children) {
        if (row.classList.contains('detail')) { row.hidden = row.previousSibling ? row.previousSibling.hidden : false; continue; }
        row.hidden = !matches(row);
      }
    }

    function addFrame(frame) {
      if (frame.action && !actions.has(frame.action)) {
        actions.add(frame.action);
        const select = $('#log-action');
        const options = [...actions].sort().map((a) => el('option', { value: a, text: a }));
        const chosen = select.value;
        select.replaceChildren(el('option', { value: '', text: 'all actions' }), ...options);
        select.value = chosen;
      }
      let entry;
      if (frame.kind === 'CALL') {
        entry = { call: frame, answer: null, row: el('tr') };
        calls.set((frame.direction === 'sent' ? 'received:' : 'sent:') + frame.messageId, entry);
      } else {
        const key = frame.direction + ':' + frame.messageId;
        entry = calls.get(key);
        if (entry) { calls.delete(key); entry.answer = frame; fillRow(entry); entry.row.hidden = !matches(entry.row); return; }
        entry = { call: null, answer: frame, row: el('tr') };
      }
      entry.row.addEventListener('click', () => { if (entry.detail) { entry.detail.remove(); entry.detail = null; } else showDetail(entry); });
      fillRow(entry);
      entry.row.hidden = !matches(entry.row);
      const body = $('#log tbody');
      body.append(entry.row);
      while (body.children.length > MAX_ROWS) body.firstChild.remove();
      if ($('#log-follow').checked) { const scroll = $('#log-scroll'); scroll.scrollTop = scroll.scrollHeight; }
      if (frame.action === 'FirmwareStatusNotification' && frame.kind === 'CALL') lastNotified.firmware = payloadOf(frame).status + ' at ' + timeOf(frame.timestamp);
      if (frame.action === 'DiagnosticsStatusNotification' && frame.kind === 'CALL') lastNotified.diagnostics = payloadOf(frame).status + ' at ' + timeOf(frame.timestamp);
      if (REFRESHING.has(frame.action)) refreshDetailsSoon();
    }

    let stream = null;
    function openLog() {
      if (stream) stream.close();
      $('#log tbody').replaceChildren();
      calls.clear();
      stream = new EventSource(base + 'log/stream' + (token ? '?token=' + encodeURIComponent(token) : ''));
      stream.onopen = () => { $('#live').className = 'live on'; $('#live').title = 'live'; $('#log tbody').replaceChildren(); calls.clear(); };
      stream.onerror = () => { $('#live').className = 'live'; $('#live').title = 'reconnecting'; };
      stream.onmessage = (event) => addFrame(JSON.parse(event.data));
    }

    // ---- Fleet view (when the server runs a fleet) ----

    let fleetOffset = 0;
    const FLEET_PAGE = 50;
    async function showFleet() {
      try {
        const fleet = await request('GET', '/api/fleet');
        $('#fleet-total').textContent = fleet.stations + ' stations';
        const counts = Object.assign({ connected: fleet.connected, accepted: fleet.accepted, charging: fleet.charging, queued: fleet.queuedMessages }, fleet.byStatus || {});
        $('#fleet-counts').replaceChildren(...Object.entries(counts).filter(([, v]) => v !== undefined).map(([k, v]) => el('div', {}, el('b', { text: String(v) }), k)));
        const search = $('#fleet-search').value.trim();
        const page = await request('GET', '/api/stations?offset=' + fleetOffset + '&limit=' + FLEET_PAGE + (search ? '&search=' + encodeURIComponent(search) : ''));
        let stations = Array.isArray(page) ? page : (page.stations || []);
        if (search) stations = stations.filter((s) => String(s.chargePointId).toLowerCase().includes(search.toLowerCase()));
        const total = Array.isArray(page) ? undefined : page.total;
        $('#fleet-page').textContent = (fleetOffset + 1) + '–' + (fleetOffset + stations.length) + (total !== undefined ? ' of ' + total : '');
        $('#fleet-table tbody').replaceChildren(...stations.map((s) => {
          const row = el('tr', {}, el('td', {}, el('a', { href: '#/station/' + encodeURIComponent(s.chargePointId), text: s.chargePointId })),
            el('td', { text: s.registration || '' }), el('td', { text: s.connected ? 'connected' : 'offline' }),
            // The fleet lists each connector's status, connector 1 first.
            el('td', {}, ...(s.connectors || []).map((c, i) => typeof c === 'string' ? { id: i + 1, status: c } : c).map((c) => el('span', { class: 'status small ' + c.status, text: c.id + ': ' + c.status }))),
            el('td', { text: String(s.queuedMessages ?? '') }));
          return row;
        }));
      } catch (error) { toast('fleet: ' + error.message, true); }
    }

    // ---- Views and start-up ----

    function route() {
      const hash = location.hash || '#/';
      const fleet = hash === '#/fleet' && fleetAvailable;
      const station = hash.startsWith('#/station/') ? decodeURIComponent(hash.slice('#/station/'.length)) : null;
      // A fleet has no station of its own at /api/: its page opens on the fleet view.
      if (fleetAvailable && !fleet && !station) { location.hash = '#/fleet'; return; }
      $('#fleet-view').hidden = !fleet; $('#station-view').hidden = fleet; $('#station-fields').hidden = fleet;
      $('#tab-fleet').classList.toggle('active', fleet); $('#tab-station').classList.toggle('active', !fleet);
      const newBase = station ? '/api/stations/' + encodeURIComponent(station) + '/' : '/api/';
      if (fleet) { showFleet(); return; }
      if (newBase !== base || !stream) { base = newBase; connectorCount = 0; stationVersion = null; clearVariables(); openLog(); refreshStation(); }
    }

    async function start() {
      $('#network-off').addEventListener('click', () => act('POST', 'network', { online: false }));
      $('#network-on').addEventListener('click', () => act('POST', 'network', { online: true }));
      for (const id of ['#log-action', '#log-direction']) $(id).addEventListener('change', applyFilter);
      $('#log-search').addEventListener('input', applyFilter);
      $('#log-clear').addEventListener('click', () => { $('#log tbody').replaceChildren(); calls.clear(); });
      $('#config-filter').addEventListener('input', () => lastConfiguration && showConfiguration(lastConfiguration));
      $('#variables-filter').addEventListener('input', filterVariables);
      for (const id of ['#schedule-connector', '#schedule-unit', '#schedule-duration']) $(id).addEventListener('change', refreshDetails);
      $('#fleet-prev').addEventListener('click', () => { fleetOffset = Math.max(0, fleetOffset - FLEET_PAGE); showFleet(); });
      $('#fleet-next').addEventListener('click', () => { fleetOffset += FLEET_PAGE; showFleet(); });
      $('#fleet-search').addEventListener('input', () => { fleetOffset = 0; showFleet(); });
      try { await request('GET', '/api/fleet'); fleetAvailable = true; $('#tab-fleet').hidden = false; } catch (e) { fleetAvailable = false; }
      window.addEventListener('hashchange', route);
      route();
      setInterval(() => { if (!$('#station-view').hidden) refreshStation(); else showFleet(); }, 1000);
      setInterval(() => { if (!$('#station-view').hidden) refreshDetails(); }, 5000);
    }
    start();
    """#
}
