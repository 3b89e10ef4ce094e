// GET /metrics on the control server: the gauges are set from the stations' snapshots at each
// scrape (one station's, or all of a fleet's into the one shared registry), then the whole
// registry is answered in the Prometheus text format.

import Hummingbird
import NIOCore
import StationCore

extension ControlServer {
    /// Adds `GET /metrics` to `router`: `metrics` (shared by `stations`) with its gauges set from
    /// the snapshots of every station of `stations` that is running (none is labelled).
    static func addMetrics(to router: Router<BasicRequestContext>, metrics: StationMetrics, stations: [any ControlledStation]) {
        router.get("/metrics") { _, _ in
            var snapshots: [StationSnapshot] = []
            snapshots.reserveCapacity(stations.count)
            for runner in stations {
                if let station = runner.station { snapshots.append(await station.snapshot) }
            }
            // A station between a reset and its next boot leaves the gauges as they were.
            if !snapshots.isEmpty { metrics.update(from: snapshots) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition()))
            )
        }
    }
}
