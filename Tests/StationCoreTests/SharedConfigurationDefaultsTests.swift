// Stations of one kind share one validated configuration of the defaults: it is built once per
// variant, and a key one station changes stays that station's.

@testable import StationCore
import OCPP
import XCTest

final class SharedConfigurationDefaultsTests: XCTestCase {
    func testTheDefaultsAreBuiltOncePerVariantAndAChangeStaysWithItsStation() throws {
        let shared = SharedConfigurationDefaults()
        var builds = 0
        let make = { () throws(ConfigurationDefaultError) -> Configuration in
            builds += 1
            return try Configuration(defaults: StationSettings.maxeroDefaults, supportedMeasurands: [.energyActiveImportRegister])
        }
        var first = try shared.configuration(connectorCount: 2, profiles: "Core", make)
        var second = try shared.configuration(connectorCount: 2, profiles: "Core", make)
        XCTAssertEqual(builds, 1)
        _ = try shared.configuration(connectorCount: 1, profiles: "Core", make)
        XCTAssertEqual(builds, 2, "another connector count is another variant")
        XCTAssertEqual(first, second)
        XCTAssertEqual(first.change("HeartbeatInterval", to: "20"), .accepted(.heartbeatInterval, "20"))
        second.overlay([.heartbeatInterval: "45", .numberOfConnectors: "9"])
        XCTAssertEqual(first.int(.heartbeatInterval), 20)
        XCTAssertEqual(second.int(.heartbeatInterval), 45)
        XCTAssertNotEqual(first, second)
        XCTAssertEqual(second.value(of: .numberOfConnectors), try shared.configuration(connectorCount: 2, profiles: "Core", make).value(of: .numberOfConnectors), "a read-only key is not overlaid")
        let third = try shared.configuration(connectorCount: 2, profiles: "Core", make)
        XCTAssertEqual(third.value(of: .heartbeatInterval), StationSettings.maxeroDefaults[.heartbeatInterval], "the shared values are untouched")
        var defaults = StationSettings.maxeroDefaults
        defaults[.heartbeatInterval] = "45"
        let built = try Configuration(defaults: defaults, supportedMeasurands: [.energyActiveImportRegister])
        XCTAssertEqual(second, built, "equal values compare equal whether built with or set later")
    }
}
