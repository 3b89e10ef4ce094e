// Transfers that fail: an HTTP error status, a refused connection, a server that stalls, a
// cancelled task, a failed download that must leave no partial file, a password that must not
// appear in the error, and a scheme that is not handled.

import Foundation
import StationCore
import StationFiles
import XCTest

final class CurlFileTransferFailureTests: TransferTestCase {
    func testHTTP404IsAnErrorNamingTheStatus() async throws {
        let server = try startHTTP()
        let url = "http://127.0.0.1:\(server.port)/missing.bin"
        let failure = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().download(from: url, to: downloads + "/missing.bin") { _ in }
        }
        let message = try XCTUnwrap(failure?.message)
        XCTAssertTrue(message.contains("HTTP status 404"), message)
        XCTAssertTrue(message.contains(url), message)
        XCTAssertEqual(strayDownloads(), [])
    }

    func testRefusedConnectionIsAnError() async throws {
        let server = try startHTTP()
        let port = server.port
        server.stop()
        let failure = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().download(from: "http://127.0.0.1:\(port)/firmware.bin", to: downloads + "/firmware.bin") { _ in }
        }
        let message = try XCTUnwrap(failure?.message)
        XCTAssertTrue(message.contains("127.0.0.1:\(port)"), message)
        XCTAssertTrue(message.contains("connect"), message)
        XCTAssertEqual(strayDownloads(), [])
    }

    func testStalledServerFailsAfterTheLowSpeedTime() async throws {
        let server = try startHTTP()
        let transfer = CurlFileTransfer(lowSpeedLimit: 1, lowSpeedTime: .seconds(1))
        let failure = await transferError { () async throws(TransferError) in
            try await transfer.download(from: "http://127.0.0.1:\(server.port)/stall", to: downloads + "/stall.bin") { _ in }
        }
        let message = try XCTUnwrap(failure?.message)
        XCTAssertTrue(message.contains("/stall"), message)
        XCTAssertTrue(message.contains("curl error 28"), message)  // CURLE_OPERATION_TIMEDOUT
        XCTAssertEqual(strayDownloads(), [])
    }

    func testCancellingTheTaskAbortsTheTransfer() async throws {
        let server = try startHTTP()
        let url = "http://127.0.0.1:\(server.port)/stall"
        let target = downloads + "/stall.bin"
        // The low-speed limit (60 s) bounds the test should cancellation not work.
        let download = Task { () async -> TransferError? in
            do throws(TransferError) {
                try await CurlFileTransfer(lowSpeedTime: .seconds(60)).download(from: url, to: target) { _ in }
                return nil
            } catch {
                return error
            }
        }
        XCTAssertTrue(server.waitForLine(startingWith: "REQUEST GET /stall"))
        download.cancel()
        let outcome = await download.value
        let message = try XCTUnwrap(outcome?.message)
        XCTAssertTrue(message.contains("cancelled"), message)
        XCTAssertEqual(strayDownloads(), [])
    }

    func testCancelledTaskDoesNotStartATransfer() async throws {
        let server = try startHTTP()
        try serve("firmware.bin", pattern(100))
        let url = "http://127.0.0.1:\(server.port)/firmware.bin"
        let target = downloads + "/firmware.bin"
        let download = Task { () async -> TransferError? in
            while !Task.isCancelled { await Task.yield() }
            do throws(TransferError) {
                try await CurlFileTransfer().download(from: url, to: target) { _ in }
                return nil
            } catch {
                return error
            }
        }
        download.cancel()
        let outcome = await download.value
        let message = try XCTUnwrap(outcome?.message)
        XCTAssertTrue(message.contains("cancelled"), message)
        XCTAssertFalse(server.printed.all.contains { $0.hasPrefix("REQUEST") })
    }

    func testFailedDownloadKeepsTheOldFileAndLeavesNoTemporaryFile() async throws {
        try serve("firmware.bin", Array("new image".utf8))
        let server = try startHTTP(["--fail-first", "1"])
        let url = "http://127.0.0.1:\(server.port)/firmware.bin"
        let target = downloads + "/firmware.bin"
        try Data("old image".utf8).write(to: URL(fileURLWithPath: target))
        let first = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().download(from: url, to: target) { _ in }
        }
        XCTAssertTrue(first?.message.contains("HTTP status 500") == true, first?.message ?? "no error")
        XCTAssertEqual(contents(target), Array("old image".utf8))
        XCTAssertEqual(strayDownloads(keeping: ["firmware.bin"]), [])
        // The retry (the server now answers) replaces the file.
        let second = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().download(from: url, to: target) { _ in }
        }
        XCTAssertNil(second)
        XCTAssertEqual(contents(target), Array("new image".utf8))
        XCTAssertEqual(strayDownloads(keeping: ["firmware.bin"]), [])
    }

    func testErrorMessageLeavesThePasswordOut() async throws {
        let server = try startFTP()
        let failure = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().download(from: "ftp://station:wrong-secret@127.0.0.1:\(server.port)/firmware.bin", to: downloads + "/f.bin") { _ in }
        }
        let message = try XCTUnwrap(failure?.message)
        XCTAssertFalse(message.contains("wrong-secret"), message)
        XCTAssertTrue(message.contains("ftp://station:***@127.0.0.1:\(server.port)/firmware.bin"), message)
    }

    func testUploadOfAMissingFileIsAnError() async throws {
        let server = try startHTTP()
        let failure = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().upload(file: temporary.file("absent.tar"), to: "http://127.0.0.1:\(server.port)/absent.tar") { _ in }
        }
        let message = try XCTUnwrap(failure?.message)
        XCTAssertTrue(message.contains("absent.tar"), message)
        XCTAssertFalse(server.printed.all.contains { $0.hasPrefix("REQUEST") })
    }

    func testUnsupportedSchemeIsRefused() async throws {
        let failure = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().download(from: "sftp://example.invalid/firmware.bin", to: downloads + "/f.bin") { _ in }
        }
        let message = try XCTUnwrap(failure?.message)
        XCTAssertTrue(message.contains("unsupported URL scheme 'sftp'"), message)
    }
}
