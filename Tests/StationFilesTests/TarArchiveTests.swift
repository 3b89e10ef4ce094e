// The ustar writer, checked by reading its archives back with python's `tarfile`, and its
// refusal of names that do not fit a ustar header.

import Foundation
import OCPP
import StationFiles
import XCTest

/// One member of an archive as python's tarfile read it.
struct ReadMember: Decodable, Equatable {
    let name: String
    let size: Int
    let mtime: Int
    let mode: Int
    let regular: Bool
    let hex: String
}

/// Reads the tar archive at `path` with python's tarfile (which checks each header's checksum).
func readTarWithPython(_ path: String) throws -> [ReadMember] {
    let script = """
        import json, sys, tarfile
        with tarfile.open(sys.argv[1], format=tarfile.USTAR_FORMAT) as archive:
            members = [{"name": m.name, "size": m.size, "mtime": int(m.mtime), "mode": m.mode, "regular": m.isreg(),
                        "hex": archive.extractfile(m).read().hex()} for m in archive.getmembers()]
        print(json.dumps(members))
        """
    let output = try runCommand(try FixtureServer.python().path, ["-c", script, path])
    return try JSONDecoder().decode([ReadMember].self, from: Data(output.utf8))
}

func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

final class TarArchiveTests: XCTestCase {
    var temporary: TemporaryDirectory!

    override func setUpWithError() throws { temporary = try TemporaryDirectory() }
    override func tearDown() { temporary?.remove() }

    func testArchiveIsReadBackByPythonTarfile() throws {
        let time = Timestamp(millisecondsSince1970: 1_768_990_530_999)
        let longName = String(repeating: "d", count: 120) + "/" + String(repeating: "f", count: 90) + ".log"
        let big = (0..<1500).map { UInt8(truncatingIfNeeded: $0 * 13) }
        var archive = TarArchive()
        archive.append(name: "station.log", bytes: Array("line 1\nline 2\n".utf8), modificationTime: time)
        archive.append(name: "empty.log", bytes: [], modificationTime: time)
        archive.append(name: "logs/big.bin", bytes: big, modificationTime: time.adding(seconds: 60))
        archive.append(name: longName, bytes: Array("x".utf8), modificationTime: time)
        let path = temporary.file("archive.tar")
        try archive.write(to: path)

        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        XCTAssertEqual(size % 512, 0)
        let members = try readTarWithPython(path)
        XCTAssertEqual(members, [
            ReadMember(name: "station.log", size: 14, mtime: 1_768_990_530, mode: 0o644, regular: true, hex: hex(Array("line 1\nline 2\n".utf8))),
            ReadMember(name: "empty.log", size: 0, mtime: 1_768_990_530, mode: 0o644, regular: true, hex: ""),
            ReadMember(name: "logs/big.bin", size: 1500, mtime: 1_768_990_590, mode: 0o644, regular: true, hex: hex(big)),
            ReadMember(name: longName, size: 1, mtime: 1_768_990_530, mode: 0o644, regular: true, hex: hex(Array("x".utf8))),
        ])
    }

    func testEmptyArchiveIsTwoZeroBlocks() throws {
        XCTAssertEqual(try TarArchive().encoded(), [UInt8](repeating: 0, count: 1024))
        let path = temporary.file("empty.tar")
        try TarArchive().write(to: path)
        XCTAssertEqual(try readTarWithPython(path), [])
    }

    func testNameThatDoesNotFitIsRefused() {
        let time = Timestamp(millisecondsSince1970: 0)
        for name in ["", String(repeating: "a", count: 101), String(repeating: "p", count: 156) + "/x", "dir/" + String(repeating: "n", count: 101)] {
            let archive = TarArchive(entries: [TarArchive.Entry(name: name, bytes: [], modificationTime: time)])
            XCTAssertThrowsError(try archive.encoded(), "name of \(name.utf8.count) bytes")
        }
    }

    func testWriteIntoAMissingDirectoryIsAnErrorNamingThePath() {
        let path = temporary.file("missing/archive.tar")
        XCTAssertThrowsError(try TarArchive().write(to: path)) { error in
            XCTAssertTrue("\(error)".contains(path), "\(error)")
        }
    }
}
