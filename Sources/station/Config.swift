// `station config check FILE`: validate a configuration file and say what it would run.

import ArgumentParser
import StationRuntime

struct Config: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Work with station configuration files.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a configuration file and print what it would run.")

        @Argument(help: "The configuration file.") var file: String

        func run() async throws {
            do {
                let configuration = try StationConfiguration.load(path: file)
                let endpoint = try configuration.endpoint()
                let settings = try configuration.settings()
                print("\(file): valid")
                print("  station         \(endpoint.chargePointId) (\(settings.identity.chargePointVendor) \(settings.identity.chargePointModel), firmware \(settings.identity.firmwareVersion?.value ?? "-"))")
                print("  central system  \(endpoint.url)/\(endpoint.chargePointId), security profile \(endpoint.securityProfile.rawValue)")
                print("  hardware        board \(configuration.resolve(configuration.hardware.board)), devices \(configuration.hardware.devices?.backends.isAllSimulated ?? true ? "all simulated" : "per device")")
                print("  control API     \(configuration.control?.listen ?? "127.0.0.1:8180")")
                let overrides = (configuration.ocpp ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                print("  OCPP keys       \(overrides.isEmpty ? "MAXERO-200QC defaults" : "defaults with " + overrides.joined(separator: ", "))")
            } catch {
                StandardError.write("station: \(error)\n")
                throw ExitCode(2)
            }
        }
    }
}
