// The `station` command: `run` a station, drive a running one with `sim ...` through its control
// API, and `config check` a configuration file. Argument parsing only; the work is in
// StationRuntime.

import ArgumentParser

@main
struct StationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "station",
        abstract: "ChargeStation: an OCPP 1.6J two-connector DC charging station (firmware and simulator).",
        subcommands: [Run.self, Fleet.self, Sim.self, Config.self]
    )
}
