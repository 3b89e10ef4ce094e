// The dashboard's HTML, built into the binary: a station view (connectors with their controls,
// smart charging, firmware and configuration for 1.6, the device model for 2.0.1, live OCPP log)
// and a fleet view that the script shows only when the server answers GET /api/fleet.


import OCPP
import StationHAL

/// The dashboard page served at `/`.
enum DashboardPage {
    /// The page with its style and script inline: one request, so that a page opened with
    /// `?token=` needs the token in no other URL.
    static let document = template.replacing("{{style}}", with: DashboardStyle.css)
        .replacing("{{script}}", with: DashboardScript.javascript.replacing("{{faults}}", with: faultCodes))

    /// The fault codes the simulation raises, as a JSON array for the script.
    static var faultCodes: String {
        JSONWriter.string(.array(DeviceFault.allCases.map { .string($0.rawValue) }))
    }

    private static let template = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>ChargeStation</title>
    <link rel="icon" href="data:,">
    <style>{{style}}</style>
    </head>
    <body>
    <header>
      <span class="brand">⚡ ChargeStation</span>
      <nav id="views">
        <a href="#/" id="tab-station" class="active">Station</a>
        <a href="#/fleet" id="tab-fleet" hidden>Fleet</a>
      </nav>
      <span id="station-fields" class="fields">
        <span id="cpid" class="cpid">…</span>
        <span class="field">OCPP <b id="ocpp-version">…</b></span>
        <span class="field">registration <b id="registration" class="pill">…</b></span>
        <span class="field">link <b id="connection" class="pill">…</b></span>
        <span class="field">queued <b id="queued">0</b></span>
        <span class="spacer"></span>
        <span class="field">network</span>
        <button id="network-off" class="danger" title="POST /api/network {online:false}">Off</button>
        <button id="network-on" title="POST /api/network {online:true}">On</button>
      </span>
      <span id="toast" role="status"></span>
    </header>

    <main id="station-view">
      <section id="connectors" class="connectors"></section>

      <section class="panel wide" id="smart-panel" hidden>
        <h2>Smart charging
          <span class="controls">
            connector <select id="schedule-connector"></select>
            <select id="schedule-unit"><option>W</option><option>A</option></select>
            <select id="schedule-duration"><option value="3600">1 h</option><option value="21600">6 h</option><option value="86400" selected>24 h</option></select>
          </span>
        </h2>
        <div class="chart-and-profiles">
          <div id="schedule-chart" class="chart"></div>
          <div class="scroll"><table class="grid" id="profiles"><thead><tr><th>id</th><th>conn</th><th>purpose</th><th>kind</th><th>stack</th><th>unit</th><th>periods</th><th>valid</th></tr></thead><tbody></tbody></table></div>
        </div>
      </section>

      <div class="stack" hidden>
        <section class="panel" id="files-panel" hidden>
          <h2>Firmware &amp; diagnostics</h2>
          <dl class="facts" id="firmware"></dl>
          <dl class="facts" id="diagnostics"></dl>
        </section>
        <section class="panel" id="config-panel" hidden>
          <h2>Configuration <input id="config-filter" placeholder="filter keys" size="14"><span class="count" id="config-count"></span></h2>
          <div class="scroll"><table class="grid" id="config"><thead><tr><th>key</th><th>value</th><th></th></tr></thead><tbody></tbody></table></div>
        </section>
      </div>

      <section class="panel" id="variables-panel" hidden>
        <h2>Device model <input id="variables-filter" placeholder="search component, variable, value" size="30"><span class="count" id="variables-count"></span></h2>
        <div class="scroll"><table class="grid" id="variables"><thead><tr><th>component</th><th>variable</th><th>attribute</th><th>value</th><th>mutability</th><th>persistence</th><th>type</th><th>set (SetVariables)</th><th>answer</th></tr></thead><tbody></tbody></table></div>
      </section>

      <section class="panel log-panel" id="log-panel">
        <h2>OCPP log <span class="live" id="live">●</span>
          <span class="controls">
            <select id="log-action"><option value="">all actions</option></select>
            <select id="log-direction"><option value="">both ways</option><option value="sent">station → CSMS</option><option value="received">CSMS → station</option></select>
            <input id="log-search" placeholder="search payloads" size="16">
            <label><input type="checkbox" id="log-follow" checked> follow</label>
            <button id="log-clear">Clear</button>
          </span>
        </h2>
        <div class="scroll" id="log-scroll"><table class="grid log" id="log"><thead><tr><th>time</th><th></th><th>action</th><th>request</th><th>answer</th><th>rtt</th></tr></thead><tbody></tbody></table></div>
      </section>
    </main>

    <main id="fleet-view" hidden>
      <section class="panel">
        <h2>Fleet <span class="count" id="fleet-total"></span></h2>
        <div id="fleet-counts" class="counts"></div>
      </section>
      <section class="panel">
        <h2>Stations <input id="fleet-search" placeholder="search id" size="16">
          <span class="controls"><button id="fleet-prev">‹</button> <span id="fleet-page"></span> <button id="fleet-next">›</button></span></h2>
        <table class="grid" id="fleet-table"><thead><tr><th>station</th><th>registration</th><th>link</th><th>connectors</th><th>queued</th></tr></thead><tbody></tbody></table>
      </section>
    </main>
    <script>{{script}}</script>
    </body>
    </html>
    """#
}
