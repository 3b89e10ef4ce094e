// One validated configuration of a station kind's defaults, built by the first station and shared
// by the others (a fleet's thousands of stations of one kind): each then holds the same values
// until the central system changes one of its keys, instead of a dictionary of its own.

import Synchronization

/// The configurations built from one set of defaults, by what a station adds to them (its
/// connector count and feature profiles). Safe to use from any isolation.
public final class SharedConfigurationDefaults: Sendable {
    private struct Variant: Hashable {
        let connectorCount: Int
        let profiles: String
    }

    private let built = Mutex<[Variant: Configuration]>([:])

    /// An empty store: the first station of each variant builds its configuration.
    public init() {}

    /// The configuration of `variant`, built with `make` the first time (a failure is not kept).
    func configuration(
        connectorCount: Int, profiles: String, _ make: () throws(ConfigurationDefaultError) -> Configuration
    ) throws(ConfigurationDefaultError) -> Configuration {
        let variant = Variant(connectorCount: connectorCount, profiles: profiles)
        if let shared = built.withLock({ $0[variant] }) { return shared }
        let configuration = try make()
        return built.withLock { built in
            if let shared = built[variant] { return shared }
            built[variant] = configuration
            return configuration
        }
    }
}
