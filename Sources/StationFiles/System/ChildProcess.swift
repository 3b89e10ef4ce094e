// Runs a command with posix_spawn and waits for it (blocking: call on a thread of its own), with
// standard input from /dev/null, one of standard output or standard error captured through a
// pipe and the other sent to /dev/null.

import Glibc
import SystemCalls

/// How a child process ended.
enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    /// It exited with this status.
    case exited(Int32)
    /// A signal with this number ended it.
    case signalled(Int32)

    var description: String {
        switch self {
        case .exited(let status): "exited with status \(status)"
        case .signalled(let signal): "was ended by signal \(signal)"
        }
    }
}

/// Starting and waiting for commands.
enum ChildProcess {
    /// Which output stream to capture.
    enum Captured { case standardOutput, standardError }

    /// Runs `arguments` (the first is the program, looked up in PATH when it has no `/`), with
    /// the environment of this process, and waits until it ends. Blocks the calling thread.
    /// - Parameters:
    ///   - capturing: the stream read into the result; the other goes to /dev/null.
    ///   - keepingLast: how many bytes of the captured output to keep (the last ones).
    /// - Returns: how it ended and the captured output's last bytes.
    static func run(_ arguments: [String], capturing: Captured, keepingLast limit: Int) throws(SystemCallError) -> (status: ExitStatus, output: [UInt8]) {
        guard let program = arguments.first else { throw SystemCallError(call: "posix_spawn", errno: .invalidArgument) }
        var pipe: [Int32] = [-1, -1]
        _ = try systemCall("pipe", program) { Glibc.pipe(&pipe) }
        // pipe2(O_CLOEXEC) is not in Swift's Glibc module: set close-on-exec right after, so that
        // only this child gets the write end (as its standard output or error, through dup2).
        _ = fcntl(pipe[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipe[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let capturedFD: Int32 = capturing == .standardOutput ? 1 : 2
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 3 - capturedFD, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], capturedFD)

        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, program, &actions, nil, &argv, environ)
        close(pipe[1])
        guard spawned == 0 else {
            close(pipe[0])
            throw SystemCallError(call: "posix_spawn", path: program, errno: Errno(rawValue: spawned))
        }

        let output = readToEnd(pipe[0], keepingLast: limit)
        close(pipe[0])
        var status: Int32 = 0
        _ = try systemCall("waitpid", program) { waitpid(pid, &status, 0) }
        // The <sys/wait.h> macros, which Swift does not import: the low 7 bits are the signal
        // that ended the process (0: it exited), the next byte its exit status.
        let exitStatus: ExitStatus = status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
        return (exitStatus, output)
    }

    /// Reads `fd` until its end (or a read error), keeping the last `limit` bytes.
    private static func readToEnd(_ fd: Int32, keepingLast limit: Int) -> [UInt8] {
        var kept: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                (try? FileSystem.read(fd, into: buffer, path: "a command's output")) ?? 0
            }
            if count == 0 { return kept }
            kept += chunk[..<count]
            if kept.count > limit { kept.removeFirst(kept.count - limit) }
        }
    }

    /// The last `count` non-empty lines of `output`, as text.
    static func lastLines(_ output: [UInt8], count: Int) -> [String] {
        let lines = output.split(separator: UInt8(ascii: "\n")).map { line in
            String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
        }
        return Array(lines.filter { !$0.allSatisfy(\.isWhitespace) }.suffix(count))
    }
}
