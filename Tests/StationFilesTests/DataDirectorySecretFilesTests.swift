// The charge point's key files: created 0600 in a 0700 directory, replaced whole, read back, and
// absent once removed; and the firmware image reader hands over every byte in order.

import Foundation
import StationCore
import StationFiles
import XCTest

final class DataDirectorySecretFilesTests: XCTestCase {
    private func temporaryDirectory() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder.path
    }

    private func permissions(_ path: String) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    func testKeysAreWrittenOwnerOnlyAndReplacedWhole() throws {
        let directory = try temporaryDirectory()
        let files = try DataDirectorySecretFiles(directory: directory)
        XCTAssertEqual(try permissions(directory), 0o700)
        XCTAssertNil(try files.load(.pendingKey))
        try files.save(.pendingKey, Array("first key, longer than the second".utf8))
        try files.save(.pendingKey, Array("second key".utf8))
        XCTAssertEqual(try files.load(.pendingKey), Array("second key".utf8))
        XCTAssertEqual(try permissions(directory + "/" + SecretFile.pendingKey.rawValue), 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [SecretFile.pendingKey.rawValue], "no temporary file left")
        files.remove(.pendingKey)
        XCTAssertNil(try files.load(.pendingKey))
    }

    func testReaderHandsOverTheWholeFileInOrder() async throws {
        let directory = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let image = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let path = directory + "/image.img"
        try Data(image).write(to: URL(fileURLWithPath: path))
        var read: [UInt8] = []
        try await LocalFileReader().read(fileAt: path) { read.append(contentsOf: $0) }
        XCTAssertEqual(read, image)
        do {
            try await LocalFileReader().read(fileAt: directory + "/missing.img") { _ in }
            XCTFail("a missing image was read")
        } catch {
            XCTAssertTrue(error.message.contains("missing.img"), error.message)
        }
    }
}
