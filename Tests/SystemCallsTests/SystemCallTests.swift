// The system-call wrapper: a failure becomes a SystemCallError naming the call, the path and the
// errno's text; a successful call returns its result.

import Glibc
import SystemCalls
import XCTest

final class SystemCallTests: XCTestCase {
    func testAFailedCallNamesTheCallThePathAndTheErrno() {
        let path = "/nonexistent-\(getpid())/file"
        XCTAssertThrowsError(try systemCall("open", path) { open(path, O_RDONLY) }) { error in
            guard let error = error as? SystemCallError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.call, "open")
            XCTAssertEqual(error.path, path)
            XCTAssertEqual(error.errno, .noSuchFile)
            XCTAssertEqual(error.description, "open \(path): No such file or directory (errno \(ENOENT))")
        }
    }

    func testASuccessfulCallReturnsItsResult() throws {
        var descriptors: [Int32] = [-1, -1]
        XCTAssertEqual(try systemCall("pipe") { pipe(&descriptors) }, 0)
        defer { descriptors.forEach { _ = close($0) } }
        let written = try [UInt8]("hi".utf8).withUnsafeBytes { bytes in
            try systemCall("write") { write(descriptors[1], bytes.baseAddress, bytes.count) }
        }
        XCTAssertEqual(written, 2)
    }

    func testANonBlockingReadWithNothingToReadWouldBlock() throws {
        var descriptors: [Int32] = [-1, -1]
        _ = try systemCall("pipe") { pipe(&descriptors) }
        defer { descriptors.forEach { _ = close($0) } }
        _ = fcntl(descriptors[0], F_SETFL, O_NONBLOCK)
        var byte: UInt8 = 0
        XCTAssertThrowsError(try systemCall("read") { read(descriptors[0], &byte, 1) }) { error in
            XCTAssertTrue((error as? SystemCallError)?.wouldBlock == true, "\(error)")
            XCTAssertNil((error as? SystemCallError)?.path)
        }
    }

    func testLibraryCallsKeepTheirFailureForTheirOwnErrors() {
        let descriptor = retryingOnInterrupt { open("/nonexistent-\(getpid())", O_RDONLY) }
        XCTAssertEqual(descriptor, -1)
        XCTAssertEqual(Errno.current, .noSuchFile)
        var attempts = 0
        let pointer = retryingOnInterrupt { () -> OpaquePointer? in
            attempts += 1
            Glibc.errno = attempts < 3 ? EINTR : ENOENT
            return nil
        }
        XCTAssertNil(pointer)
        XCTAssertEqual(attempts, 3, "retried while interrupted, then given up")
    }
}
