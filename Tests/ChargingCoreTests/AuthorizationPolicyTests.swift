// The local authorization policy as a pure function: pre-authorize, offline use, unknown
// identifiers offline, list over cache, and expiry.

import ChargingCore
import XCTest

final class AuthorizationPolicyTests: XCTestCase {
    let now = WallClockTime(millisecondsSince1970: 1_795_255_200_000)
    let accepted = IdentifierInfo(status: .accepted)
    let blocked = IdentifierInfo(status: .blocked)

    func policy(cache: Bool = true, preAuthorize: Bool = false, offline: Bool = false, unknown: Bool = false) -> AuthorizationPolicy {
        AuthorizationPolicy(cacheEnabled: cache, localPreAuthorize: preAuthorize, localAuthorizeOffline: offline, allowOfflineForUnknown: unknown)
    }

    func testOnlineAsksUnlessLocalPreAuthorizeFindsAnAcceptedEntry() {
        XCTAssertEqual(policy().decide(cached: accepted, online: true, now: now), .askCentralSystem)
        XCTAssertEqual(policy(preAuthorize: true).decide(cached: accepted, online: true, now: now), .accept(accepted))
        XCTAssertEqual(policy(preAuthorize: true).decide(cached: blocked, online: true, now: now), .askCentralSystem)
        XCTAssertEqual(policy(cache: false, preAuthorize: true).decide(cached: accepted, online: true, now: now), .askCentralSystem)
    }

    func testOfflineUsesTheCacheOrTheUnknownIdRule() {
        XCTAssertEqual(policy(offline: true).decide(cached: accepted, online: false, now: now), .accept(accepted))
        XCTAssertEqual(policy(offline: false).decide(cached: accepted, online: false, now: now), .reject(IdentifierInfo(status: .invalid)))
        XCTAssertEqual(policy(offline: true).decide(cached: blocked, online: false, now: now), .reject(blocked))
        XCTAssertEqual(policy(unknown: true).decide(cached: nil, online: false, now: now), .accept(accepted))
        XCTAssertEqual(policy(unknown: false).decide(cached: nil, online: false, now: now), .reject(IdentifierInfo(status: .invalid)))
        XCTAssertEqual(policy(offline: true, unknown: true).decide(cached: blocked, online: false, now: now), .reject(blocked), "a tag the cache knows as blocked is not unknown")
    }

    func testAListEntryWinsOverTheCacheAndIsUsedWithoutTheCache() {
        XCTAssertEqual(policy(offline: true).decide(listed: blocked, cached: accepted, online: false, now: now), .reject(blocked))
        XCTAssertEqual(policy(cache: false, offline: true).decide(listed: accepted, cached: nil, online: false, now: now), .accept(accepted))
        XCTAssertEqual(policy(offline: true).decideWithoutAnswer(listed: accepted, cached: blocked, now: now), .accept(accepted))
    }

    func testAnExpiredEntryIsNotAccepted() {
        let expired = IdentifierInfo(status: .accepted, expiry: now.adding(seconds: -1))
        XCTAssertEqual(policy(offline: true).decide(cached: expired, online: false, now: now), .reject(IdentifierInfo(status: .expired, expiry: now.adding(seconds: -1))))
        let valid = IdentifierInfo(status: .accepted, expiry: now.adding(seconds: 60))
        XCTAssertEqual(policy(offline: true).decide(cached: valid, online: false, now: now), .accept(valid))
    }

    func testARejectedAcceptedEntryKeepsItsGroup() {
        let grouped = IdentifierInfo(status: .accepted, group: "FLEET")
        XCTAssertEqual(policy(offline: false).decide(cached: grouped, online: false, now: now), .reject(IdentifierInfo(status: .invalid, group: "FLEET")))
    }
}
