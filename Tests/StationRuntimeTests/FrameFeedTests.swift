// The dashboard's frame feed and the metrics it drives: a CALL and its answer are correlated by
// direction and message id, round trips measured on the injected uptime, CALLERRORs counted by
// code, and the exposition carries no label per station.

import OCPP
@testable import StationCore
import StationRuntime
import Synchronization
import XCTest

final class FrameFeedTests: XCTestCase {
    /// A monotonic reading moved by hand.
    final class Uptime: Sendable {
        let value = Mutex(Duration.zero)
        func withLock(_ body: (inout Duration) -> Void) { value.withLock { body(&$0) } }
    }

    /// A feed on a hand-moved uptime and fixed wall time.
    func makeFeed(metrics: StationMetrics? = nil) -> (FrameFeed, Uptime) {
        let uptime = Uptime()
        let feed = FrameFeed(capacity: 3, metrics: metrics, now: { Timestamp(millisecondsSince1970: 1_700_000_000_000) }, uptime: { uptime.value.withLock { $0 } })
        return (feed, uptime)
    }

    func testTheFeedKeepsTheLastFramesInOrderWhileGrowingToItsCapacity() {
        let feed = FrameFeed(capacity: 20, metrics: nil, now: { Timestamp(millisecondsSince1970: 1_700_000_000_000) })
        for count in 1...45 {
            feed.record(sent: true, text: "[2,\"m\(count)\",\"Heartbeat\",{}]")
            XCTAssertEqual(feed.recent(100).map(\.sequence), Array(max(1, count - 19)...count), "after \(count) frames")
        }
        XCTAssertEqual(feed.recent(3).map(\.messageId), ["m43", "m44", "m45"])
        let none = FrameFeed(capacity: 0, metrics: nil, now: { Timestamp(millisecondsSince1970: 0) })
        none.record(sent: false, text: "[3,\"x\",{}]")
        XCTAssertEqual(none.recent(10).count, 0)
    }

    func testAnAnswerTakesItsCallsActionAndRoundTrip() {
        let (feed, uptime) = makeFeed()
        feed.record(sent: true, text: #"[2,"a1","Heartbeat",{}]"#)
        // A CSMS CALL with the same id, the other way, is not the answer.
        feed.record(sent: false, text: #"[2,"a1","Reset",{"type":"Soft"}]"#)
        uptime.withLock { $0 = .milliseconds(42) }
        feed.record(sent: false, text: #"[3,"a1",{"currentTime":"2026-01-01T00:00:00.000Z"}]"#)
        feed.record(sent: true, text: #"[4,"a1","NotImplemented","",{}]"#)
        let frames = feed.recent(10)
        XCTAssertEqual(frames.map(\.sequence), [2, 3, 4], "the last 3 (capacity) in order")
        XCTAssertEqual(frames[1].kind, .callResult)
        XCTAssertEqual(frames[1].action, "Heartbeat")
        XCTAssertEqual(frames[1].roundTrip, .milliseconds(42))
        XCTAssertEqual(frames[2].kind, .callError)
        XCTAssertEqual(frames[2].action, "Reset")
        XCTAssertEqual(frames[2].errorCode, "NotImplemented")
    }

    func testAnUnreadableFrameIsKeptAsSuch() {
        let (feed, _) = makeFeed()
        feed.record(sent: false, text: "not json")
        XCTAssertEqual(feed.recent(1).first?.kind, .unreadable)
        XCTAssertNil(feed.recent(1).first?.action)
    }

    func testASubscriberGetsTheBacklogThenLiveFrames() async {
        let (feed, _) = makeFeed()
        feed.record(sent: true, text: #"[2,"b1","Heartbeat",{}]"#)
        let stream = feed.subscribe(backlog: 5)
        feed.record(sent: false, text: #"[3,"b1",{}]"#)
        feed.finish()
        var seen: [ObservedFrame.Kind] = []
        for await frame in stream { seen.append(frame.kind) }
        XCTAssertEqual(seen, [.call, .callResult])
    }

    func testTheMetricsCountFramesRoundTripsAndErrorsWithoutAStationLabel() {
        let metrics = StationMetrics()
        let (feed, uptime) = makeFeed(metrics: metrics)
        feed.record(sent: true, text: #"[2,"c1","StartTransaction",{}]"#)
        uptime.withLock { $0 = .milliseconds(30) }
        feed.record(sent: false, text: #"[3,"c1",{}]"#)
        feed.record(sent: false, text: #"[2,"c2","Nope",{}]"#)
        feed.record(sent: true, text: #"[4,"c2","NotImplemented","",{}]"#)
        metrics.connectionOpened(first: true)
        metrics.connectionOpened(first: false)
        let connector = StationSnapshot.Connector(
            id: 1, status: .charging, errorCode: .noError, transactionId: 5, transactionRunning: true, meterWh: 1500, powerW: 50_000
        )
        metrics.update(from: [StationSnapshot(registration: .accepted, connected: true, connectors: [connector], queuedMessages: 2)])
        let text = metrics.exposition()
        for line in [
            #"ocpp_frames_total{direction="sent",kind="CALL",action="StartTransaction"} 1"#,
            #"ocpp_frames_total{direction="received",kind="CALLRESULT",action="StartTransaction"} 1"#,
            #"ocpp_callerrors_total{direction="sent",code="NotImplemented"} 1"#,
            #"ocpp_call_round_trip_seconds_count{action="StartTransaction"} 1"#,
            #"ocpp_call_round_trip_seconds_bucket{action="StartTransaction",le="0.05"} 1"#,
            #"ocpp_call_round_trip_seconds_bucket{action="StartTransaction",le="0.025"} 0"#,
            "ocpp_connections_total 2", "ocpp_reconnects_total 1", "ocpp_connected 1.0", "ocpp_queued_transaction_messages 2.0",
            #"chargestation_connector_energy_wh{connector="1"} 1500.0"#,
            #"chargestation_connector_status{connector="1",status="Charging"} 1.0"#,
            #"chargestation_connector_status{connector="1",status="Available"} 0.0"#,
        ] {
            XCTAssertTrue(text.contains(line), "\(line) in:\n\(text)")
        }
        XCTAssertFalse(text.contains("chargePointId"))
    }

    /// A fleet's stations share one StationMetrics: their frames add up in one series and the
    /// gauges sum their snapshots, with no series per station.
    func testStationsSharingMetricsAddUp() {
        let metrics = StationMetrics()
        let (first, _) = makeFeed(metrics: metrics)
        let (second, _) = makeFeed(metrics: metrics)
        first.record(sent: true, text: #"[2,"b1","BootNotification",{}]"#)
        second.record(sent: true, text: #"[2,"b1","BootNotification",{}]"#)
        metrics.connectionOpened(first: true)
        metrics.connectionOpened(first: true)
        func snapshot(_ status: ChargePointStatus, _ meterWh: Double) -> StationSnapshot {
            let connector = StationSnapshot.Connector(
                id: 1, status: status, errorCode: .noError, transactionId: nil, transactionRunning: false, meterWh: meterWh, powerW: 0
            )
            return StationSnapshot(registration: .accepted, connected: true, connectors: [connector], queuedMessages: 1)
        }
        metrics.update(from: [snapshot(.charging, 100), snapshot(.available, 250)])
        let text = metrics.exposition()
        for line in [
            #"ocpp_frames_total{direction="sent",kind="CALL",action="BootNotification"} 2"#,
            "ocpp_connections_total 2", "ocpp_reconnects_total 0", "ocpp_connected 2.0", "ocpp_queued_transaction_messages 2.0",
            #"chargestation_connector_energy_wh{connector="1"} 350.0"#,
            #"chargestation_connector_status{connector="1",status="Charging"} 1.0"#,
            #"chargestation_connector_status{connector="1",status="Available"} 1.0"#,
        ] {
            XCTAssertTrue(text.contains(line), "\(line) in:\n\(text)")
        }
    }
}
