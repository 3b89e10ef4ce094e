// The `station` command. Its subcommands (`run`, `sim`, `fleet`, `config check`) arrive with the
// simulated-mode issue; until then it says so instead of pretending to run.

#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments.dropFirst()
print("""
    station: ChargeStation (OCPP 1.6J charging station firmware and simulator)
    The run, sim, fleet and config commands are not built yet; see README.md.
    """)
if !arguments.isEmpty {
    print("station: unknown command '\(arguments.joined(separator: " "))'")
    exit(2)
}
