// bench-csms: a native OCPP-J 1.6 central system for benchmarks and fleet runs. It answers every
// station CALL at once from fixed payloads and takes commands on stdin (the usage text below).

import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

let usage = """
usage: bench-csms [--host H] [--port P] [--threads N] [--heartbeat-interval S] [--events] [--real-time]
  Prints "LISTENING <port>" when ready, then reads commands on stdin, one per line:
    probe ID getconfiguration N   N GetConfiguration calls to station ID, one at a time
    probe ID trigger N            N TriggerMessage(Heartbeat) calls, each until the Heartbeat came
    stats ID                      counts, first arrival and last answer (ns) per action of ID
    summary                       {"summary":{"connected","booted","frames"}}
    ledger                        {"ledger":{...}}: stations booted, StartTransaction matched by
                                  StopTransaction, meter values out of order, MeterValues delays
    ledger-reset                  forgets the ledger (between fleet runs); answers {"ok":...}
    delays-reset                  forgets the delays only (before a measured window); the same
    quit                          (or end of stdin) stops the CSMS
  --real-time answers BootNotification and Heartbeat with the real time (fleet runs' delays).
  --events prints {"event":"connected|boot|available","id","t"} lines (t: CLOCK_MONOTONIC ns).
"""

var host = "127.0.0.1"
var port = 0
var threads = 1
var heartbeatInterval = 3600
var printsEvents = false
var realTime = false
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--host": host = arguments.next() ?? host
    case "--port": port = arguments.next().flatMap { Int($0) } ?? port
    case "--threads": threads = arguments.next().flatMap { Int($0) } ?? threads
    case "--heartbeat-interval": heartbeatInterval = arguments.next().flatMap { Int($0) } ?? heartbeatInterval
    case "--events": printsEvents = true
    case "--real-time": realTime = true
    default:
        print(usage)
        exit(argument == "--help" || argument == "-h" ? 0 : 2)
    }
}

let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
let registry = Registry(printsEvents: printsEvents)
let server = try startServer(host: host, port: port, group: group, registry: registry, answers: Answers(heartbeatInterval: heartbeatInterval, realTime: realTime))
registry.line("LISTENING \(server.localAddress?.port ?? port)")

while let command = readLine() {
    let words = command.split(separator: " ").map(String.init)
    switch words.first {
    case "probe" where words.count == 4:
        guard let kind = ProbeKind(rawValue: words[2]), let count = Int(words[3]), let session = registry.session(words[1]) else {
            registry.line(#"{"error":"probe: unknown station or kind: \#(command)"}"#)
            continue
        }
        let promise = session.eventLoop.makePromise(of: [UInt64].self)
        session.eventLoop.execute { session.value.startProbe(kind, count: count, promise: promise) }
        do {
            registry.line(probeReport(kind, station: words[1], try promise.futureResult.wait()))
        } catch {
            registry.line(#"{"error":"probe of \#(words[1]) failed: \#(error)"}"#)
        }
    case "stats" where words.count == 2:
        guard let session = registry.session(words[1]) else {
            registry.line(#"{"error":"stats: unknown station \#(words[1])"}"#)
            continue
        }
        let line = try? session.eventLoop.submit { session.value.statsLine() }.wait()
        registry.line(line ?? #"{"error":"stats failed"}"#)
    case "summary":
        let connected = registry.connected.load(ordering: .relaxed), booted = registry.booted.load(ordering: .relaxed), frames = registry.frames.load(ordering: .relaxed)
        registry.line(#"{"summary":{"connected":\#(connected),"booted":\#(booted),"frames":\#(frames)}}"#)
    case "ledger":
        registry.line(registry.ledger.line())
    case "ledger-reset":
        registry.ledger.reset()
        registry.line(#"{"ok":"ledger-reset"}"#)
    case "delays-reset":
        registry.ledger.delays.reset()
        registry.line(#"{"ok":"delays-reset"}"#)
    case "quit":
        exit(0)
    default:
        registry.line(#"{"error":"unknown command: \#(command)"}"#)
    }
}
try? server.close().wait()
try? group.syncShutdownGracefully()
