// Downloads and uploads that work: HTTP, HTTPS with a self-signed CA, FTP anonymous and with a
// user and password, PUT and STOR uploads checked on the server's side, progress reports.

import Foundation
import StationCore
import StationFiles
import XCTest

final class CurlFileTransferTests: TransferTestCase {
    func testSupportedSchemesAreHTTPHTTPSAndFTP() {
        XCTAssertEqual(CurlFileTransfer().supportedSchemes, ["http", "https", "ftp"])
    }

    func testHTTPDownloadWritesTheFile() async throws {
        let image = pattern(70_000)
        try serve("firmware.bin", image)
        let server = try startHTTP()
        let target = downloads + "/firmware.bin"
        let failure = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().download(from: "http://127.0.0.1:\(server.port)/firmware.bin", to: target) { _ in }
        }
        XCTAssertNil(failure)
        XCTAssertEqual(contents(target), image)
        XCTAssertEqual(strayDownloads(keeping: ["firmware.bin"]), [])
    }

    func testDownloadReplacesAnExistingFile() async throws {
        try serve("firmware.bin", Array("new".utf8))
        let server = try startHTTP()
        let target = downloads + "/firmware.bin"
        try Data("old content".utf8).write(to: URL(fileURLWithPath: target))
        let failure = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().download(from: "http://127.0.0.1:\(server.port)/firmware.bin", to: target) { _ in }
        }
        XCTAssertNil(failure)
        XCTAssertEqual(contents(target), Array("new".utf8))
    }

    func testHTTPSDownloadVerifiesTheServerWithTheGivenCA() async throws {
        let (certificate, key) = try makeCertificate()
        try serve("firmware.bin", pattern(5000))
        let server = try startHTTP(certificate: certificate, key: key)
        let target = downloads + "/firmware.bin"
        let failure = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer(caFile: certificate).download(from: "https://127.0.0.1:\(server.port)/firmware.bin", to: target) { _ in }
        }
        XCTAssertNil(failure)
        XCTAssertEqual(contents(target), pattern(5000))
    }

    func testHTTPSDownloadIsRefusedWithoutTheCA() async throws {
        let (certificate, key) = try makeCertificate()
        try serve("firmware.bin", pattern(5000))
        let server = try startHTTP(certificate: certificate, key: key)
        let target = downloads + "/firmware.bin"
        let url = "https://127.0.0.1:\(server.port)/firmware.bin"
        let failure = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().download(from: url, to: target) { _ in }
        }
        let message = try XCTUnwrap(failure?.message)
        XCTAssertTrue(message.contains(url), message)
        XCTAssertTrue(message.lowercased().contains("cert"), message)
        XCTAssertNil(contents(target))
        XCTAssertEqual(strayDownloads(), [])
    }

    func testFTPDownloadAsAnonymous() async throws {
        try serve("firmware.bin", pattern(20_000))
        let server = try startFTP()
        let target = downloads + "/firmware.bin"
        let failure = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().download(from: "ftp://127.0.0.1:\(server.port)/firmware.bin", to: target) { _ in }
        }
        XCTAssertNil(failure)
        XCTAssertEqual(contents(target), pattern(20_000))
        XCTAssertTrue(server.printed.all.contains("LOGIN anonymous"))
    }

    func testFTPDownloadWithUserAndPasswordFromTheURL() async throws {
        try serve("firmware.bin", pattern(20_000))
        let server = try startFTP()
        let target = downloads + "/firmware.bin"
        let failure = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().download(from: "ftp://station:s3cret@127.0.0.1:\(server.port)/firmware.bin", to: target) { _ in }
        }
        XCTAssertNil(failure)
        XCTAssertEqual(contents(target), pattern(20_000))
        XCTAssertTrue(server.printed.all.contains("LOGIN station"))
    }

    func testHTTPUploadIsAPutOfTheFileBytes() async throws {
        let source = temporary.file("diagnostics.tar")
        try Data(pattern(150_000)).write(to: URL(fileURLWithPath: source))
        let server = try startHTTP()
        let failure = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().upload(file: source, to: "http://127.0.0.1:\(server.port)/diag/diagnostics.tar") { _ in }
        }
        XCTAssertNil(failure)
        XCTAssertTrue(server.printed.all.contains("REQUEST PUT /diag/diagnostics.tar"))
        XCTAssertEqual(contents(uploads + "/diagnostics.tar"), pattern(150_000))
    }

    func testFTPUploadStoresTheFile() async throws {
        let source = temporary.file("diagnostics.tar")
        try Data(pattern(90_000)).write(to: URL(fileURLWithPath: source))
        let server = try startFTP()
        let failure = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().upload(file: source, to: "ftp://station:s3cret@127.0.0.1:\(server.port)/incoming/diagnostics.tar") { _ in }
        }
        XCTAssertNil(failure)
        XCTAssertEqual(contents(served + "/incoming/diagnostics.tar"), pattern(90_000))
    }

    func testDownloadReportsProgressUpToTheWholeFile() async throws {
        try serve("firmware.bin", pattern(300_000))
        let server = try startHTTP()
        let log = ProgressLog()
        let failure = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().download(from: "http://127.0.0.1:\(server.port)/firmware.bin", to: downloads + "/firmware.bin", progress: log.callback)
        }
        XCTAssertNil(failure)
        let reports = log.all
        XCTAssertEqual(reports.last, TransferProgress(bytes: 300_000, total: 300_000))
        XCTAssertEqual(reports.map(\.bytes), reports.map(\.bytes).sorted(), "progress only goes forward")
    }

    func testUploadReportsProgressUpToTheWholeFile() async throws {
        let source = temporary.file("diagnostics.tar")
        try Data(pattern(200_000)).write(to: URL(fileURLWithPath: source))
        let server = try startHTTP()
        let log = ProgressLog()
        let failure = await transferError { () async throws(TransferError) in
            try await CurlFileTransfer().upload(file: source, to: "http://127.0.0.1:\(server.port)/diagnostics.tar", progress: log.callback)
        }
        XCTAssertNil(failure)
        XCTAssertEqual(log.all.last, TransferProgress(bytes: 200_000, total: 200_000))
    }
}
