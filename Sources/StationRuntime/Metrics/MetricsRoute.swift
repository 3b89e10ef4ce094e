// GET /metrics on the control server: the station's gauges are set from its snapshot at each
// scrape, then the whole registry is answered in the Prometheus text format.

import Hummingbird
import NIOCore

extension ControlServer {
    /// Adds `GET /metrics` to `router`.
    static func addMetrics(to router: Router<BasicRequestContext>, runner: StationRunner) {
        router.get("/metrics") { _, _ in
            if let station = runner.station { runner.metrics.update(from: [await station.snapshot]) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: runner.metrics.exposition()))
            )
        }
    }
}
