// L Firmware management of the 2.0.1 station in virtual time: UpdateFirmware's statuses with
// the requestId from DownloadScheduled to Installed after a reboot with reason FirmwareUpdate, a
// signed image checked against an installed ManufacturerRootCertificate, a second update that
// cancels the first, the wait for a running transaction with new sessions held, and a power cut
// that resumes the update. Transfers and the installer are the scripted doubles of
// FirmwareManagementTests; the real transfers are in the integration tests.

import Crypto
import FoundationEssentials
import OCPP
import OCPP201
@testable import StationCore
import StationHAL
import StationTesting
import X509
import XCTest

/// Hands the test's image bytes to the signature check, whatever the path.
struct ImageReader: FileReader {
    let image: [UInt8]

    func read(fileAt path: String, _ body: (UnsafeRawBufferPointer) -> Void) async throws(TransferError) {
        image.withUnsafeBytes { body($0) }
    }
}

/// An installer that waits until the test opens it, then installs 2.0.0.
final class GatedInstaller: FirmwareInstaller {
    let gate = Locked<CheckedContinuation<Void, Never>?>(nil)

    func installedVersion() async -> String? { nil }

    func install(imageAt path: String) async throws(InstallError) -> String {
        await withCheckedContinuation { continuation in gate.withLock { $0 = continuation } }
        return "2.0.0"
    }

    func open() { gate.withLock { $0?.resume(); $0 = nil } }
}

final class Station201FirmwareTests: XCTestCase {
    let transfer = ScriptedTransfer()
    let installer = RecordingInstaller()
    let image: [UInt8] = Array("CHARGESTATION-FIRMWARE 2.0.0\n".utf8)

    func rig() -> Station201Rig {
        var files = FileServices(transfer: transfer, installer: installer, diagnostics: FixedDiagnostics(), downloadDirectory: "/tmp/fw201")
        files.reader = ImageReader(image: image)
        return Station201Rig(files: files)
    }

    func statuses(_ rig: Station201Rig) -> [String] {
        rig.link.payloads(.firmwareStatusNotification).compactMap {
            guard case .string(let status) = $0["status"] else { return nil }
            return status
        }
    }

    func time(_ rig: Station201Rig, plus seconds: Int) -> String {
        Timestamp(rig.clock.wallTime).adding(seconds: seconds).rfc3339
    }

    func update(_ station: Station201<ManualClock>, id: Int, location: String = "http://files.example/fw/maxero-2.0.0.bin", extra: String) async throws -> JSONValue {
        try await station.request(
            OCPP201.UpdateFirmware.Request.self, #"{"requestId":\#(id),"retries":2,"retryInterval":30,"firmware":{"location":"\#(location)",\#(extra)}}"#
        )
    }

    func testAnUpdateReportsEachStepWithItsRequestIdAndInstalledAfterTheFirmwareUpdateBoot() async throws {
        let rig = rig()
        let (station, task) = await rig.boot()
        let answer = try await update(station, id: 7, extra: #""retrieveDateTime":"\#(time(rig, plus: 60))""#)
        XCTAssertEqual(answer["status"], .string("Accepted"))
        await rig.clock.settle()
        XCTAssertEqual(statuses(rig), ["DownloadScheduled"])
        XCTAssertTrue(transfer.calls.withLock { $0 }.isEmpty, "nothing before retrieveDateTime")
        await rig.clock.advance(by: .seconds(60))
        let exit = await task.value
        XCTAssertEqual(exit, .reset, "the station reboots after the installation")
        XCTAssertEqual(statuses(rig), ["DownloadScheduled", "Downloading", "Downloaded", "Installing", "InstallRebooting"])
        XCTAssertEqual(installer.fileNames.withLock { $0 }, ["maxero-2.0.0.bin"])

        let (_, second) = await rig.boot()
        defer { second.cancel() }
        XCTAssertEqual(rig.link.payloads(.bootNotification).last?["reason"], .string("FirmwareUpdate"))
        XCTAssertEqual(statuses(rig).last, "Installed")
        XCTAssertTrue(rig.link.payloads(.firmwareStatusNotification).allSatisfy { $0["requestId"] == .integer(7) })
        XCTAssertEqual(firmwareEvents(rig), [.firmwareUpdated])
        XCTAssertNil(rig.store.document(.ocpp201FirmwareUpdate), "the update is over")
    }

    func testASignedImageIsVerifiedAgainstTheManufacturerRootAndABadSignatureIsInvalid() async throws {
        let rig = rig()
        let authority = try TestCertificateAuthority(name: "Test Manufacturer")
        let signer = P256.Signing.PrivateKey()
        let certificate = try authority.issue(for: Certificate.PublicKey(signer.publicKey), subject: DistinguishedName { CommonName("firmware signer") })
        rig.store.saveDocument(.installedCertificates, OCPP.FrameEncoder.payload(InstalledCertificateList(certificates: [
            InstalledCertificate(use: .manufacturerRoot, pem: try authority.pem),
        ])))
        let good = Data(try signer.signature(for: image).derRepresentation).base64EncodedString()
        let bad = Data(try signer.signature(for: Array("another image".utf8)).derRepresentation).base64EncodedString()
        let pem = certificate.replacing("\n", with: "\\n")
        let (station, task) = await rig.boot()
        defer { task.cancel() }

        let refused = try await update(station, id: 1, extra: #""retrieveDateTime":"\#(time(rig, plus: 0))","signingCertificate":"\#(try TestCertificateAuthority().pem.replacing("\n", with: "\\n"))","signature":"\#(good)""#)
        XCTAssertEqual(refused["status"], .string("InvalidCertificate"), "a certificate that does not chain to a ManufacturerRootCertificate")

        let badAnswer = try await update(station, id: 2, extra: #""retrieveDateTime":"\#(time(rig, plus: 0))","signingCertificate":"\#(pem)","signature":"\#(bad)""#)
        XCTAssertEqual(badAnswer["status"], .string("Accepted"))
        await rig.clock.settle()
        XCTAssertEqual(statuses(rig), ["Downloading", "Downloaded", "InvalidSignature"])
        XCTAssertEqual(firmwareEvents(rig), [.invalidFirmwareSigningCertificate, .invalidFirmwareSignature])

        _ = try await update(station, id: 3, extra: #""retrieveDateTime":"\#(time(rig, plus: 0))","installDateTime":"\#(time(rig, plus: 600))","signingCertificate":"\#(pem)","signature":"\#(good)""#)
        await rig.clock.settle()
        XCTAssertEqual(statuses(rig).suffix(4), ["Downloading", "Downloaded", "SignatureVerified", "InstallScheduled"])
        XCTAssertEqual(rig.link.payloads(.firmwareStatusNotification).last?["requestId"], .integer(3))
    }

    func testASecondUpdateCancelsTheFirst() async throws {
        let rig = rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        _ = try await update(station, id: 1, location: "http://files.example/first.bin", extra: #""retrieveDateTime":"\#(time(rig, plus: 300))""#)
        let second = try await update(station, id: 2, extra: #""retrieveDateTime":"\#(time(rig, plus: 0))","installDateTime":"\#(time(rig, plus: 100))""#)
        XCTAssertEqual(second["status"], .string("AcceptedCanceled"))
        await rig.clock.advance(by: .seconds(400))
        XCTAssertEqual(transfer.calls.withLock { $0 }, ["download http://files.example/fw/maxero-2.0.0.bin"], "the first update never downloads")
        XCTAssertTrue(rig.link.payloads(.firmwareStatusNotification).dropFirst().allSatisfy { $0["requestId"] == .integer(2) })
    }

    func testTheInstallationWaitsForTheTransactionAndHoldsNewSessionsMeanwhile() async throws {
        let rig = rig()
        let (station, task) = await rig.boot()
        try rig.hardware.plug(connector: 1)
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        _ = try await update(station, id: 5, extra: #""retrieveDateTime":"\#(time(rig, plus: 0))""#)
        await rig.clock.settle()
        XCTAssertEqual(statuses(rig), ["Downloading", "Downloaded"], "no Installing while a transaction runs")
        let evse2 = rig.link.payloads(.statusNotification).last { $0["evseId"] == .integer(2) }
        XCTAssertEqual(evse2?["connectorStatus"], .string("Unavailable"), "a free EVSE is Unavailable while the installation waits")
        let start = try await station.request(OCPP201.RequestStartTransaction.Request.self, #"{"idToken":{"idToken":"CARD-2","type":"ISO14443"},"remoteStartId":3,"evseId":2}"#)
        XCTAssertEqual(start["status"], .string("Rejected"))

        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        let exit = await task.value
        XCTAssertEqual(exit, .reset)
        XCTAssertEqual(rig.events().last?["eventType"], .string("Ended"))
        XCTAssertEqual(statuses(rig), ["Downloading", "Downloaded", "Installing", "InstallRebooting"])
    }

    func testWhileConnectedTheInstallationWaitsUntilTheEndedEventIsDelivered() async throws {
        let rig = rig()
        let (station, task) = await rig.boot()
        // The station hears of each delivered event, as from the real link.
        rig.link.attach(events: { station.linkEvent($0) })
        try rig.hardware.plug(connector: 1)
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        _ = try await update(station, id: 6, extra: #""retrieveDateTime":"\#(time(rig, plus: 0))""#)
        await rig.clock.settle()
        rig.link.holdTransactionEvents(true)
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        XCTAssertEqual(statuses(rig), ["Downloading", "Downloaded"], "no Installing while the Ended event waits for its answer")

        rig.link.holdTransactionEvents(false)
        let exit = await task.value
        XCTAssertEqual(exit, .reset)
        let sent = rig.link.sent()
        let ended = try XCTUnwrap(sent.lastIndex { $0.action == .transactionEvent && $0.payload["eventType"] == .string("Ended") })
        let installing = try XCTUnwrap(sent.firstIndex { $0.action == .firmwareStatusNotification && $0.payload["status"] == .string("Installing") })
        XCTAssertLessThan(ended, installing, "the CSMS sees the transaction end before the installation")
    }

    func testWithAllowNewSessionsPendingFirmwareUpdateSessionsStillStartWhileTheInstallationWaits() async throws {
        let rig = rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        let set = try await station.request(OCPP201.SetVariables.Request.self, #"""
            {"setVariableData":[{"attributeValue":"true","component":{"name":"ChargingStation"},"variable":{"name":"AllowNewSessionsPendingFirmwareUpdate"}}]}
            """#)
        XCTAssertEqual(field(set["setVariableResult"]?.arrayFirst, "attributeStatus"), .string("Accepted"))
        try rig.hardware.plug(connector: 1)
        try rig.hardware.presentCard(idTag: "CARD-1", connector: 1)
        await rig.clock.settle()
        _ = try await update(station, id: 6, extra: #""retrieveDateTime":"\#(time(rig, plus: 0))""#)
        await rig.clock.settle()
        XCTAssertEqual(statuses(rig), ["Downloading", "Downloaded"])
        let start = try await station.request(OCPP201.RequestStartTransaction.Request.self, #"{"idToken":{"idToken":"CARD-2","type":"ISO14443"},"remoteStartId":3,"evseId":2}"#)
        XCTAssertEqual(start["status"], .string("Accepted"))
        XCTAssertFalse(rig.link.payloads(.statusNotification).contains { $0["connectorStatus"] == .string("Unavailable") })
    }

    func testAPowerCutResumesTheUpdateFromItsStoredStep() async throws {
        let rig = rig()
        let (station, task) = await rig.boot()
        _ = try await update(station, id: 9, extra: #""retrieveDateTime":"\#(time(rig, plus: 0))","installDateTime":"\#(time(rig, plus: 3600))""#)
        await rig.clock.settle()
        XCTAssertEqual(statuses(rig), ["Downloading", "Downloaded", "InstallScheduled"])
        task.cancel()
        _ = await task.value

        let (again, second) = await rig.boot()
        let trigger = try await again.request(OCPP201.TriggerMessage.Request.self, #"{"requestedMessage":"FirmwareStatusNotification"}"#)
        XCTAssertEqual(trigger["status"], .string("Accepted"))
        await rig.clock.settle()
        XCTAssertEqual(rig.link.payloads(.firmwareStatusNotification).last?["status"], .string("InstallScheduled"), "the step survives the reboot")
        await rig.clock.advance(by: .seconds(3600))
        let exit = await second.value
        XCTAssertEqual(exit, .reset)
        XCTAssertEqual(statuses(rig).suffix(2), ["Installing", "InstallRebooting"])
    }

    func testAnUpdateDuringTheInstallationIsRejected() async throws {
        let installer = GatedInstaller()
        let rig = Station201Rig(files: FileServices(transfer: transfer, installer: installer, diagnostics: FixedDiagnostics(), downloadDirectory: "/tmp/fw201"))
        let (station, task) = await rig.boot()
        _ = try await update(station, id: 1, extra: #""retrieveDateTime":"\#(time(rig, plus: 0))""#)
        await rig.clock.settle()
        XCTAssertEqual(statuses(rig).last, "Installing")
        let second = try await update(station, id: 2, extra: #""retrieveDateTime":"\#(time(rig, plus: 0))""#)
        XCTAssertEqual(second["status"], .string("Rejected"))
        installer.open()
        let exit = await task.value
        XCTAssertEqual(exit, .reset)
        XCTAssertEqual(statuses(rig), ["Downloading", "Downloaded", "Installing", "InstallRebooting"])
    }

    func testADownloadCutByAPowerLossIsRetriedAndAStationCutWhileRebootingReportsInstalled() async throws {
        let rig = rig()
        let cut = FirmwareUpdate201(
            requestId: 4, location: "http://files.example/fw/maxero-2.0.0.bin", retrieveDate: Timestamp(rig.clock.wallTime), installDate: nil,
            attemptsLeft: 2, retryInterval: 30, phase: .downloading, file: "/tmp/fw201/firmware-4.img"
        )
        rig.store.saveDocument(.ocpp201FirmwareUpdate, try PayloadEncoding.encode(cut))
        let (_, task) = await rig.boot()
        XCTAssertEqual(rig.link.payloads(.bootNotification).last?["reason"], .string("PowerUp"))
        let exit = await task.value
        XCTAssertEqual(exit, .reset, "the cut download was tried again and installed")
        XCTAssertEqual(transfer.calls.withLock { $0.count }, 1)
        XCTAssertEqual(statuses(rig), ["Downloading", "Downloaded", "Installing", "InstallRebooting"])

        // A power cut after the installation, before the reboot: the next boot is FirmwareUpdate.
        var rebooting = cut
        rebooting.phase = .rebooting
        rig.store.saveDocument(.ocpp201FirmwareUpdate, try PayloadEncoding.encode(rebooting))
        let (_, second) = await rig.boot()
        defer { second.cancel() }
        XCTAssertEqual(rig.link.payloads(.bootNotification).last?["reason"], .string("FirmwareUpdate"))
        XCTAssertEqual(statuses(rig).last, "Installed")
    }

    func testTriggersReportIdleWhenNothingRuns() async throws {
        let rig = rig()
        let (station, task) = await rig.boot()
        defer { task.cancel() }
        for message in ["FirmwareStatusNotification", "LogStatusNotification"] {
            let answer = try await station.request(OCPP201.TriggerMessage.Request.self, #"{"requestedMessage":"\#(message)"}"#)
            XCTAssertEqual(answer["status"], .string("Accepted"))
        }
        await rig.clock.settle()
        XCTAssertEqual(rig.link.payloads(.firmwareStatusNotification), [.object([("status", .string("Idle"))])])
        XCTAssertEqual(rig.link.payloads(.logStatusNotification), [.object([("status", .string("Idle"))])])
    }

    /// The security events the firmware steps raised (the boots and Resets raise their own).
    private func firmwareEvents(_ rig: Station201Rig) -> [SecurityEventKind] {
        rig.store.securityEvents(from: nil, to: nil).map(\.kind).filter { ![.startupOfTheDevice, .resetOrReboot].contains($0) }
    }
}
