// The dashboard's style sheet, built into the binary: dense and readable, light or dark as the
// browser prefers, no web fonts (nothing is fetched from outside).

/// The dashboard's CSS, inlined into the page.
enum DashboardStyle {
    static let css = #"""
    :root { --bg:#f4f5f7; --panel:#fff; --ink:#1d2330; --dim:#6b7385; --line:#e2e5ea; --accent:#2563eb;
      --ok:#15803d; --warn:#b45309; --bad:#b91c1c; --info:#0e7490; --idle:#64748b; --mono:ui-monospace,"DejaVu Sans Mono",Menlo,monospace; }
    @media (prefers-color-scheme: dark) { :root { --bg:#0f1218; --panel:#171b23; --ink:#e6e9ef; --dim:#8d95a5; --line:#272d38;
      --accent:#60a5fa; --ok:#4ade80; --warn:#fbbf24; --bad:#f87171; --info:#22d3ee; --idle:#94a3b8; } }
    * { box-sizing:border-box; } [hidden] { display:none !important; }
    body { margin:0; background:var(--bg); color:var(--ink); font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif; }
    header { position:sticky; top:0; z-index:2; display:flex; align-items:center; gap:12px; flex-wrap:wrap; padding:8px 14px;
      background:var(--panel); border-bottom:1px solid var(--line); }
    .brand { font-weight:700; } .cpid { font-family:var(--mono); font-weight:600; }
    nav a { color:var(--dim); text-decoration:none; padding:3px 8px; border-radius:4px; } nav a.active { color:var(--ink); background:var(--bg); }
    .fields { display:flex; align-items:center; gap:12px; flex-wrap:wrap; flex:1; } #fleet-view .panel { grid-column:1/-1; }
    .field { color:var(--dim); } .field b { color:var(--ink); } .spacer { flex:1; }
    .pill { display:inline-block; padding:1px 8px; border-radius:10px; font-weight:600; background:var(--bg); }
    .pill.ok { color:#fff; background:var(--ok); } .pill.bad { color:#fff; background:var(--bad); } .pill.warn { color:#fff; background:var(--warn); }
    main { display:grid; grid-template-columns:repeat(auto-fit,minmax(440px,1fr)); gap:12px; padding:12px 14px; }
    .connectors { grid-column:1/-1; display:grid; grid-template-columns:repeat(auto-fit,minmax(420px,1fr)); gap:12px; }
    .panel, .card { background:var(--panel); border:1px solid var(--line); border-radius:8px; padding:10px 12px; min-width:0; }
    .log-panel { grid-column:1/-1; } .wide { grid-column:span 2; } .stack { display:flex; flex-direction:column; gap:12px; min-width:0; }
    @media (max-width:940px) { .wide { grid-column:auto; } }
    .chart-and-profiles { display:grid; grid-template-columns:minmax(0,1fr); gap:8px; }
    #profiles td, #profiles th { white-space:nowrap; } #profiles td:nth-child(7) { white-space:normal; }
    h2 { margin:0 0 8px; font-size:13px; text-transform:uppercase; letter-spacing:.04em; color:var(--dim); display:flex; gap:8px; align-items:center; flex-wrap:wrap; }
    h2 .controls { margin-left:auto; text-transform:none; letter-spacing:0; display:flex; gap:6px; align-items:center; }
    .count { text-transform:none; font-weight:400; }
    button { font:inherit; padding:3px 10px; border:1px solid var(--line); border-radius:5px; background:var(--bg); color:var(--ink); cursor:pointer; }
    button:hover { border-color:var(--accent); } button.primary { background:var(--accent); border-color:var(--accent); color:#fff; }
    button.danger { color:var(--bad); } button:disabled { opacity:.45; cursor:default; }
    input, select { font:inherit; padding:2px 6px; border:1px solid var(--line); border-radius:5px; background:var(--panel); color:var(--ink); }
    .card-head { display:flex; align-items:center; gap:10px; margin-bottom:8px; }
    .card-head .name { font-weight:700; font-size:15px; }
    .status { font-weight:700; padding:2px 10px; border-radius:5px; color:#fff; background:var(--idle); }
    .status.Available { background:var(--ok); } .status.Preparing, .status.Finishing, .status.Reserved { background:var(--info); }
    .status.Charging, .status.Occupied { background:var(--accent); } .status.EVConnected { background:var(--info); } .status.Idle { background:var(--idle); } .status.SuspendedEV, .status.SuspendedEVSE { background:var(--warn); }
    .status.Faulted, .status.Unavailable { background:var(--bad); }
    .error { color:var(--bad); font-weight:600; } .status.small { font-size:11px; padding:0 6px; margin-right:4px; font-weight:600; }
    .figures { display:grid; grid-template-columns:repeat(3,1fr); gap:6px 12px; margin-bottom:8px; }
    .figures div span { display:block; color:var(--dim); font-size:11px; text-transform:uppercase; letter-spacing:.04em; }
    .figures div b { font-size:18px; font-variant-numeric:tabular-nums; }
    .figures .small b { font-size:13px; font-family:var(--mono); }
    .soc { height:6px; background:var(--bg); border-radius:3px; overflow:hidden; margin-top:3px; } .soc i { display:block; height:100%; background:var(--ok); }
    .actions { display:flex; flex-wrap:wrap; gap:6px; align-items:center; padding-top:8px; border-top:1px solid var(--line); }
    .actions .soc-input { width:4.5em; }
    .actions .sep { width:1px; height:18px; background:var(--line); margin:0 2px; }
    table.grid { width:100%; border-collapse:collapse; font-variant-numeric:tabular-nums; }
    .grid th { text-align:left; color:var(--dim); font-weight:600; border-bottom:1px solid var(--line); padding:3px 6px; position:sticky; top:0; background:var(--panel); }
    .grid td { border-bottom:1px solid var(--line); padding:2px 6px; vertical-align:top; }
    .scroll { max-height:300px; overflow:auto; } #config-panel .scroll { max-height:250px; } #log-scroll { max-height:460px; }
    #config td:nth-child(2) { font-family:var(--mono); overflow-wrap:anywhere; } .ro { color:var(--dim); font-size:11px; }
    #variables-panel { grid-column:1/-1; } #variables-panel .scroll { max-height:420px; } #variables td.var-value { font-family:var(--mono); overflow-wrap:anywhere; }
    #variables td.edit { white-space:nowrap; } #variables td.edit input { width:12em; } .var-result { font-size:11px; max-width:28ch; }
    .figures .txid { overflow-wrap:anywhere; font-size:11px !important; }
    .log td { font-family:var(--mono); font-size:12px; white-space:nowrap; } .log td.payload { overflow:hidden; text-overflow:ellipsis; max-width:0; width:42%; }
    .log tr { cursor:pointer; } .log tr:hover td { background:var(--bg); }
    .dir { font-weight:700; } .dir.sent { color:var(--accent); } .dir.received { color:var(--info); }
    .answer-ok { color:var(--ok); } .answer-bad { color:var(--bad); } .pending { color:var(--dim); }
    .log tr.detail td { white-space:pre-wrap; background:var(--bg); font-size:11px; }
    .live { color:var(--bad); } .live.on { color:var(--ok); }
    .facts { display:grid; grid-template-columns:max-content 1fr; gap:2px 12px; margin:0 0 10px; }
    .facts dt { color:var(--dim); } .facts dd { margin:0; font-family:var(--mono); word-break:break-all; }
    .chart svg { width:100%; height:200px; display:block; } .chart .axis { stroke:var(--line); } .chart text { fill:var(--dim); font-size:10px; }
    .chart .step { fill:none; stroke:var(--accent); stroke-width:2; } .chart .area { fill:var(--accent); opacity:.12; }
    .chart .now { stroke:var(--warn); stroke-dasharray:3 3; } .empty { color:var(--dim); padding:8px 0; }
    .counts { display:flex; flex-wrap:wrap; gap:8px; } .counts div { padding:6px 10px; border:1px solid var(--line); border-radius:6px; }
    .counts b { display:block; font-size:18px; }
    #toast { font-family:var(--mono); color:var(--dim); max-width:40ch; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
    #toast.bad { color:var(--bad); }
    """#
}
