// Helpers for the 2.0.1 authorization tests: a booted station whose TransactionEvent answers
// reach it, cards presented and settled, device model variables set and read.

import OCPP
import OCPP201
import StationCore
import StationTesting
import XCTest

extension Station201Rig {
    /// Boots the station with the link reporting TransactionEvent answers to it.
    func bootWithAnswers() async -> (Station201<ManualClock>, Task<Station201Exit, Never>) {
        let (station, task) = await boot()
        link.attach(events: { station.linkEvent($0) })
        return (station, task)
    }

    /// Presents a card and lets the station act on it.
    func swipe(_ idTag: String, connector: Int? = nil) async throws {
        try hardware.presentCard(idTag: idTag, connector: connector)
        await clock.settle()
    }

    /// Unplugs and plugs the connector again (a finished session's connector takes a new one).
    func replug(_ connector: Int) async throws {
        try hardware.unplug(connector: connector)
        await clock.settle()
        try hardware.plug(connector: connector)
        await clock.settle()
    }

    /// The Authorize requests' idTokens so far.
    func authorized() -> [String] {
        link.payloads(.authorize).compactMap { if case .string(let text) = field($0, "idToken", "idToken") { text } else { nil } }
    }

    /// Cuts the link.
    func goOffline(_ station: Station201<ManualClock>) async {
        link.setOnline(false)
        station.linkEvent(.disconnected)
        await clock.settle()
    }

    /// Restores the link.
    func goOnline(_ station: Station201<ManualClock>) async {
        link.setOnline(true)
        station.linkEvent(.connected)
        await clock.settle()
    }

    /// The TransactionEvents' (eventType, triggerReason, stoppedReason) so far.
    func eventSummary() -> [String] {
        events().map { event in
            [event["eventType"], event["triggerReason"], field(event, "transactionInfo", "stoppedReason")].compactMap { value in
                if case .string(let text) = value { text } else { nil }
            }.joined(separator: "/")
        }
    }
}

extension Station201 {
    /// SetVariables of one variable; returns its attributeStatus.
    nonisolated func setVariable(_ component: String, _ variable: String, _ value: String) async throws -> JSONValue? {
        let answer = try await request(
            SetVariables.Request.self,
            #"{"setVariableData":[{"attributeValue":"\#(value)","component":{"name":"\#(component)"},"variable":{"name":"\#(variable)"}}]}"#
        )
        return field(answer, "setVariableResult")?.arrayFirst?["attributeStatus"]
    }

    /// GetVariables of one variable's Actual value.
    nonisolated func variable(_ component: String, _ variable: String) async throws -> JSONValue? {
        let answer = try await request(GetVariables.Request.self, #"{"getVariableData":[{"component":{"name":"\#(component)"},"variable":{"name":"\#(variable)"}}]}"#)
        return field(answer, "getVariableResult")?.arrayFirst?["attributeValue"]
    }
}

/// An idTokenInfo object with `status` and, when given, a group and allowed EVSEs.
func tokenInfo(_ status: String, group: String? = nil, evseIds: [Int]? = nil, cacheExpiry: String? = nil) -> JSONValue {
    var members: [(key: String, value: JSONValue)] = [("status", .string(status))]
    if let group { members.append(("groupIdToken", .object([("idToken", .string(group)), ("type", .string("Central"))]))) }
    if let evseIds { members.append(("evseId", .array(evseIds.map { .integer($0) }))) }
    if let cacheExpiry { members.append(("cacheExpiryDateTime", .string(cacheExpiry))) }
    return .object(members)
}

/// XCTAssertEqual for a value an async call gave (XCTest's autoclosures cannot await).
func expect(_ value: JSONValue?, _ expected: JSONValue?, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(value, expected, message, file: file, line: line)
}
