// The control server's access rule: open on loopback, a token required anywhere else.

import StationLinux
import StationRuntime
import XCTest

final class ControlAccessTests: XCTestCase {
    func testLoopbackIsOpenWithoutAToken() throws {
        for host in ["127.0.0.1", "::1", "localhost"] {
            XCTAssertNil(try ControlAccess(host: host, token: nil, configurationPath: "c.yaml").token, host)
        }
    }

    func testAnyOtherHostNeedsAToken() {
        for host in ["0.0.0.0", "127.0.0.2", "192.168.1.10", "::"] {
            XCTAssertThrowsError(try ControlAccess(host: host, token: nil, configurationPath: "c.yaml"), host) { error in
                XCTAssertEqual((error as? ConfigurationFileError)?.key, "control.token")
            }
            XCTAssertThrowsError(try ControlAccess(host: host, token: "", configurationPath: "c.yaml"), "an empty token is no token")
            XCTAssertEqual(try ControlAccess(host: host, token: "t", configurationPath: "c.yaml").token, "t")
        }
    }

    func testATokenIsAskedForOnLoopbackToo() throws {
        XCTAssertEqual(try ControlAccess(host: "127.0.0.1", token: "t", configurationPath: "c.yaml").token, "t")
    }
}
