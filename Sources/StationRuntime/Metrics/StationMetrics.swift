// The station's Prometheus metrics, through the swift-metrics API on a swift-prometheus registry
// that this object owns (no global MetricsSystem bootstrap): OCPP frames by direction, kind and
// action, CALL round trips, CALLERRORs by code, connections and reconnects (counted as they
// happen), and the connection, queue and connector gauges (set from snapshots when scraped).
//
// No label names a station: a fleet shares one StationMetrics among all its stations, so the
// counters add up and the gauges are sums (connectors by status are counts of stations), and
// 10,000 stations make as many series as one.

import CoreMetrics
import OCPP
public import Prometheus
public import StationCore

/// The metrics of one station, or of a fleet's stations together. Safe to use from any isolation.
public final class StationMetrics: Sendable {
    /// The registry the metrics live in; `/metrics` is its text exposition.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// The round-trip histogram's buckets: from a CSMS on the same machine to a slow backend.
    static let roundTripBuckets: [Duration] = [
        .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
    ]

    /// Metrics in `registry` (a new one by default).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = ["ocpp_call_round_trip_seconds": Self.roundTripBuckets]
        self.factory = factory
        // Series that exist from the start, so that a scrape before any traffic sees zeros.
        CoreMetrics.Counter(label: "ocpp_connections_total", factory: factory).increment(by: 0)
        CoreMetrics.Counter(label: "ocpp_reconnects_total", factory: factory).increment(by: 0)
    }

    /// Counts a frame; an answer to one of the station's CALLs also records the round trip, a
    /// CALLERROR its code.
    public func observe(_ frame: ObservedFrame) {
        let direction = frame.sent ? "sent" : "received"
        let action = frame.action ?? "unknown"
        CoreMetrics.Counter(label: "ocpp_frames_total", dimensions: [("direction", direction), ("kind", frame.kind.rawValue), ("action", action)], factory: factory)
            .increment()
        if frame.kind == .callError {
            CoreMetrics.Counter(label: "ocpp_callerrors_total", dimensions: [("direction", direction), ("code", frame.errorCode ?? "unknown")], factory: factory)
                .increment()
        }
        // The station's own CALLs: their answers are received.
        if !frame.sent, frame.kind != .call, let roundTrip = frame.roundTrip {
            CoreMetrics.Timer(label: "ocpp_call_round_trip_seconds", dimensions: [("action", action)], factory: factory).recordNanoseconds(Self.nanoseconds(roundTrip))
        }
    }

    /// Counts a connection to the central system; every one after the first is a reconnect.
    /// `first` says whether it is the station's first since start.
    public func connectionOpened(first: Bool) {
        CoreMetrics.Counter(label: "ocpp_connections_total", factory: factory).increment()
        if !first { CoreMetrics.Counter(label: "ocpp_reconnects_total", factory: factory).increment() }
    }

    /// Sets the gauges from the stations' snapshots (one for a station, all of them for a
    /// fleet): connected stations, queued transaction messages, and per connector number the
    /// energy and power summed and the number of connectors in each status.
    public func update(from snapshots: [StationSnapshot]) {
        gauge("ocpp_connected", []).record(snapshots.count { $0.connected })
        gauge("ocpp_registered", []).record(snapshots.count { $0.registration == .accepted })
        gauge("ocpp_queued_transaction_messages", []).record(snapshots.reduce(0) { $0 + $1.queuedMessages })
        let connectorIds = Set(snapshots.flatMap { $0.connectors.map(\.id) }).sorted()
        for id in connectorIds {
            let connectors = snapshots.compactMap { $0.connectors.first { $0.id == id } }
            let label = ("connector", String(id))
            gauge("chargestation_connector_energy_wh", [label]).record(connectors.reduce(0) { $0 + $1.meterWh })
            gauge("chargestation_connector_power_w", [label]).record(connectors.reduce(0) { $0 + $1.powerW })
            for status in ChargePointStatus.allCases {
                gauge("chargestation_connector_status", [label, ("status", status.rawValue)]).record(connectors.count { $0.status == status })
            }
        }
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String {
        registry.emitToString()
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    private func gauge(_ name: String, _ dimensions: [(String, String)]) -> CoreMetrics.Gauge {
        CoreMetrics.Gauge(label: name, dimensions: dimensions, factory: factory)
    }
}
