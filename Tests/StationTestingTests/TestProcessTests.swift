// The test process launcher: lines captured per stream, waits that end on a line or an exit,
// input through a pipe, stop, kill and signals, and output appended to a file.

import Foundation
import StationTesting
import XCTest

final class TestProcessTests: XCTestCase {
    private let shell = URL(fileURLWithPath: "/bin/sh")

    func testLinesOfBothStreamsAreCapturedAndALastLineWithoutNewlineKept() throws {
        let process = try TestProcess(shell, arguments: ["-c", "echo one; echo err >&2; printf 'two\\nthree'"], errors: .captured)
        XCTAssertEqual(process.waitForExit(timeout: .seconds(10)), .exited(0))
        XCTAssertTrue(process.waitUntil(timeout: .seconds(10)) { process.lines.count == 3 })
        XCTAssertEqual(process.lines, ["one", "two", "three"])
        XCTAssertEqual(process.errorLines, ["err"])
    }

    func testWaitForLineReturnsTheLineAndNilWhenTheProcessEndsWithoutIt() throws {
        let talker = try TestProcess(shell, arguments: ["-c", "echo starting; echo 'PORT 4711'; exec cat"], input: .pipe)
        XCTAssertEqual(talker.waitForLine(startingWith: "PORT ", timeout: .seconds(10)), "PORT 4711")
        talker.stop()
        XCTAssertNotNil(talker.termination)

        let silent = try TestProcess(shell, arguments: ["-c", "echo nothing else"])
        let started = Date()
        XCTAssertNil(silent.waitForLine(startingWith: "PORT ", timeout: .seconds(30)))
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, "the wait ends with the process, not at its timeout")
    }

    func testInputIsWrittenThroughAPipeAndClosingItEndsTheReader() throws {
        let process = try TestProcess(shell, arguments: ["-c", "while read line; do echo \"ok $line\"; done; echo bye"], input: .pipe)
        try process.write("a\n")
        XCTAssertTrue(process.waitUntil(timeout: .seconds(10)) { process.lines.contains("ok a") })
        try process.write("b\n")
        process.closeInput()
        XCTAssertEqual(process.waitForExit(timeout: .seconds(10)), .exited(0))
        XCTAssertEqual(process.waitForLine(startingWith: "bye", timeout: .seconds(10)), "bye")
        XCTAssertEqual(process.lines, ["ok a", "ok b", "bye"])
    }

    func testKillEndsAProcessThatIgnoresSIGTERM() throws {
        let process = try TestProcess(shell, arguments: ["-c", "trap '' TERM; echo ready; exec sleep 1000"])
        XCTAssertNotNil(process.waitForLine(startingWith: "ready", timeout: .seconds(10)))
        process.terminate()
        XCTAssertNil(process.waitForExit(timeout: .milliseconds(200)), "SIGTERM is ignored")
        process.kill()
        XCTAssertEqual(process.termination, .signalled(SIGKILL))
        XCTAssertFalse(process.isRunning)
    }

    func testOutputIsAppendedToAFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("TestProcessTests-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: file) }
        for word in ["first", "second"] {
            let process = try TestProcess(shell, arguments: ["-c", "echo \(word) >&2"], errors: .appended(to: file))
            XCTAssertEqual(process.waitForExit(timeout: .seconds(10)), .exited(0))
        }
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "first\nsecond\n")
    }

    func testRunReturnsTheOutputAndTheExitStatus() throws {
        let sorted = try TestProcess.run(URL(fileURLWithPath: "/usr/bin/sort"), input: "b\na\n", timeout: .seconds(10))
        XCTAssertTrue(sorted.succeeded)
        XCTAssertEqual(sorted.lines, ["a", "b"])
        let failed = try TestProcess.run(shell, arguments: ["-c", "exit 3"], timeout: .seconds(10))
        XCTAssertEqual(failed.termination, .exited(3))
        XCTAssertThrowsError(try TestProcess(URL(fileURLWithPath: "/nonexistent/program")))
    }
}
