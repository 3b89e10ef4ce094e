// Unit tests of the FirmwareService's signed updates: SignedFirmwareStatusNotification for every
// step, the signature check between download and installation, InvalidSignature ending the update,
// and a check cut by a power cut running again from the persisted step.

import OCPP
@testable import StationCore
import XCTest

final class SignedFirmwareServiceTests: XCTestCase {
    static let retrieveDate = Timestamp(millisecondsSince1970: 1_800_000_000_000)
    static let signed = SignedFirmware(requestId: 7, signingCertificate: "-----BEGIN CERTIFICATE-----", signature: "c2ln")

    func request() throws -> SignedUpdateFirmware.Request {
        SignedUpdateFirmware.Request(requestId: 7, firmware: SignedUpdateFirmware.Firmware(
            location: "https://fw.example/maxero-2.1.img", retrieveDateTime: Self.retrieveDate,
            signingCertificate: try BoundedString(Self.signed.signingCertificate), signature: "c2ln"
        ))
    }

    func effects(_ actions: [FirmwareService.Action]) -> [FirmwareService.Action] {
        actions.filter { if case .log = $0 { false } else { true } }
    }

    /// A service whose signed image was just downloaded (its check asked for).
    func downloaded() throws -> (FirmwareService, [FirmwareService.Action]) {
        var service = try FirmwareService(stored: nil)
        _ = service.signedRequested(try request(), downloadDirectory: "/data/firmware")
        let downloading = service.downloadDue()
        XCTAssertTrue(downloading.contains(.notifySigned(.downloading, requestId: 7)))
        let actions = service.downloadFinished(.success(()))
        return (service, actions)
    }

    func testVerifiedImageInstallsWithSignedNotifications() throws {
        var (service, downloaded) = try downloaded()
        let file = "/data/firmware/firmware-7.img"
        XCTAssertEqual(effects(downloaded).dropFirst(), [.notifySigned(.downloaded, requestId: 7), .verify(file: file, Self.signed)])
        XCTAssertEqual(service.installIfReady(connectorsFree: true), [], "no installation before the signature is checked")
        XCTAssertTrue(service.blocksSessions)
        let verified = effects(service.verificationFinished(.success(())))
        XCTAssertEqual(verified.dropFirst(), [.notifySigned(.signatureVerified, requestId: 7)])
        XCTAssertEqual(service.triggeredSigned(), [.notifySigned(.signatureVerified, requestId: 7)])
        let installing = service.installIfReady(connectorsFree: true)
        XCTAssertTrue(installing.contains(.notifySigned(.installing, requestId: 7)))
        XCTAssertFalse(installing.contains { if case .notify = $0 { true } else { false } }, "no plain FirmwareStatusNotification")
        _ = service.installFinished(.success("2.1"))
        var rebooted = try FirmwareService(stored: service.update.map { FrameEncoder.payload($0) })
        XCTAssertEqual(rebooted.bootAccepted(), [.persist(nil), .notifySigned(.installed, requestId: 7)])
    }

    func testInvalidSignatureEndsTheUpdateWithoutInstalling() throws {
        var (service, _) = try downloaded()
        let actions = effects(service.verificationFinished(.failure(FirmwareVerificationError("does not match"))))
        XCTAssertEqual(actions, [.invalidSignature("does not match"), .persist(nil), .notifySigned(.invalidSignature, requestId: 7)])
        XCTAssertNil(service.update)
        XCTAssertEqual(service.installIfReady(connectorsFree: true), [])
        XCTAssertEqual(service.triggeredSigned(), [.notifySigned(.idle, requestId: nil)])
    }

    func testCheckCutByAPowerCutRunsAgain() throws {
        let (service, _) = try downloaded()
        XCTAssertEqual(service.update?.phase, .verifying)
        var rebooted = try FirmwareService(stored: service.update.map { FrameEncoder.payload($0) })
        XCTAssertEqual(rebooted.resumed(), [.verify(file: "/data/firmware/firmware-7.img", Self.signed)])
        XCTAssertEqual(effects(rebooted.verificationFinished(.success(()))).dropFirst(), [.notifySigned(.signatureVerified, requestId: 7)])
    }
}
