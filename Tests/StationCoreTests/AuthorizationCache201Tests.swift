// The 2.0.1 authorization cache as a value: expiry by cacheExpiryDateTime and LifeTime, and which
// entries the LRU, LFU and FIFO policies evict when the cache is over its capacity.

import OCPP
import OCPP201
@testable import StationCore
import XCTest

final class AuthorizationCache201Tests: XCTestCase {
    private func token(_ text: String) throws -> OCPP201.IdToken {
        OCPP201.IdToken(idToken: try BoundedString<36>(text), type: .iso14443)
    }

    /// A cache holding A (stored at 0, used at 30 twice), B (stored at 10) and C (stored at 20,
    /// used at 40), all Accepted; `capacity` holds the three (and a few bytes of longer numbers),
    /// not four.
    private func filled(_ policy: AuthCachePolicy201) throws -> (AuthorizationCache201, capacity: Int) {
        var cache = AuthorizationCache201()
        let accepted = IdTokenInfo(status: .accepted)
        cache.store(try token("A"), accepted, now: 0, lifeTimeSeconds: 0, policy: policy, capacityBytes: .max)
        cache.store(try token("B"), accepted, now: 10, lifeTimeSeconds: 0, policy: policy, capacityBytes: .max)
        cache.store(try token("C"), accepted, now: 20, lifeTimeSeconds: 0, policy: policy, capacityBytes: .max)
        cache.markUsed(try token("A"), now: 30)
        cache.markUsed(try token("A"), now: 31)
        cache.markUsed(try token("C"), now: 40)
        return (cache, cache.byteCount + 10)
    }

    private func survivors(_ cache: AuthorizationCache201) throws -> [String] {
        try ["A", "B", "C", "D"].filter { cache.info(for: try token($0), now: 50, lifeTimeSeconds: 0) != nil }
    }

    func testLeastRecentlyUsedGoesFirst() throws {
        var (cache, capacity) = try filled(.leastRecentlyUsed)
        cache.store(try token("D"), IdTokenInfo(status: .accepted), now: 50, lifeTimeSeconds: 0, policy: .leastRecentlyUsed, capacityBytes: capacity)
        XCTAssertEqual(try survivors(cache), ["A", "C", "D"])
    }

    func testLeastFrequentlyUsedGoesFirst() throws {
        var (cache, capacity) = try filled(.leastFrequentlyUsed)
        cache.markUsed(try token("B"), now: 45)
        cache.store(try token("D"), IdTokenInfo(status: .accepted), now: 50, lifeTimeSeconds: 0, policy: .leastFrequentlyUsed, capacityBytes: capacity)
        XCTAssertEqual(try survivors(cache), ["A", "B", "D"])
    }

    func testFirstInFirstOutAndRefusedEntriesGoFirst() throws {
        var (cache, capacity) = try filled(.firstInFirstOut)
        cache.store(try token("D"), IdTokenInfo(status: .accepted), now: 50, lifeTimeSeconds: 0, policy: .firstInFirstOut, capacityBytes: capacity)
        XCTAssertEqual(try survivors(cache), ["B", "C", "D"])
        cache.store(try token("B"), IdTokenInfo(status: .blocked), now: 60, lifeTimeSeconds: 0, policy: .firstInFirstOut, capacityBytes: capacity)
        cache.store(try token("A"), IdTokenInfo(status: .accepted), now: 70, lifeTimeSeconds: 0, policy: .firstInFirstOut, capacityBytes: capacity)
        XCTAssertEqual(try survivors(cache), ["A", "C", "D"], "the Blocked entry went before the older Accepted ones")
    }

    func testEntriesExpireAtTheirExpiryOrAfterTheLifeTimeSinceTheirLastUse() throws {
        var cache = AuthorizationCache201()
        let expiring = IdTokenInfo(status: .accepted, cacheExpiryDateTime: Timestamp(millisecondsSince1970: 5000))
        cache.store(try token("A"), expiring, now: 0, lifeTimeSeconds: 100, policy: .leastRecentlyUsed, capacityBytes: .max)
        cache.store(try token("B"), IdTokenInfo(status: .accepted), now: 0, lifeTimeSeconds: 100, policy: .leastRecentlyUsed, capacityBytes: .max)
        XCTAssertNotNil(cache.info(for: try token("A"), now: 4999, lifeTimeSeconds: 100))
        XCTAssertNil(cache.info(for: try token("A"), now: 5000, lifeTimeSeconds: 100))
        cache.markUsed(try token("B"), now: 90_000)
        XCTAssertNotNil(cache.info(for: try token("B"), now: 189_999, lifeTimeSeconds: 100))
        XCTAssertNil(cache.info(for: try token("B"), now: 190_000, lifeTimeSeconds: 100))
        XCTAssertEqual(try AuthorizationCache201(json: cache.json), cache)
    }
}
