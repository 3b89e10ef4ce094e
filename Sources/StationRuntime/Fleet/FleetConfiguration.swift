// The fleet file (or a plain station file run as a fleet of one kind): the station kinds
// (templates) with their counts and configuration-key overrides, the id template, the store, the
// connection ramp-up and the automatic sessions.

import StationLinux

/// A fleet's description, as read from a fleet file or made from one station file.
public struct FleetConfiguration: Sendable {
    /// One kind of station.
    public struct Template: Sendable {
        /// The kind's name (shown by GET /api/stations).
        public var name: String
        /// The station file the kind is made from (its board, identity, csms, ocpp keys).
        public var station: StationConfiguration
        /// How many of each cycle of stations are of this kind (see `template(of:)`).
        public var count: Int
    }

    /// Where the stations keep their state.
    public enum Store: String, Sendable, Decodable {
        /// One SQLite file in the data directory, each station its own rows (the default).
        case sqlite
        /// In memory: lost when the process ends.
        case memory
    }

    /// The kinds, in the file's order.
    public var templates: [Template]
    /// The id template (`--id-template` overrides it).
    public var idTemplate: String
    /// The store.
    public var store: Store
    /// How many stations start connecting per second.
    public var rampUpPerSecond: Double
    /// The automatic sessions.
    public var sessions: SessionProfile

    /// The kind of station `number`: the counts are a pattern repeated along the numbers (with
    /// counts 6 and 4, stations 1-6 are of the first kind, 7-10 of the second, 11-16 of the first
    /// ...), so a station's kind depends on its number only, whichever shard runs it.
    public func template(of number: Int) -> Template {
        let cycle = templates.reduce(0) { $0 + $1.count }
        var position = ((number - 1) % cycle + cycle) % cycle
        for template in templates {
            if position < template.count { return template }
            position -= template.count
        }
        return templates[templates.count - 1]
    }

    /// Reads the file at `path`: a fleet file (with `templates`) or a station file (every station
    /// of that kind, ids `<chargePointId>-{n}` by default).
    public static func load(path: String) throws(FleetError) -> FleetConfiguration {
        let probe: FleetFile
        do {
            probe = try ConfigurationFileError.decodeYAML(FleetFile.self, path: path)
        } catch {
            throw FleetError(error.description)
        }
        guard let entries = probe.templates else {
            let station = try loadStation(path)
            return FleetConfiguration(
                templates: [Template(name: station.station.chargePointId, station: station, count: 1)],
                idTemplate: station.station.chargePointId + "-{n}", store: .sqlite, rampUpPerSecond: 100, sessions: SessionProfile()
            )
        }
        guard !entries.isEmpty else { throw FleetError("\(path): templates: expected at least one station kind") }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        var templates: [Template] = []
        for (index, entry) in entries.enumerated() {
            guard entry.count >= 1 else { throw FleetError("\(path): templates[\(index)].count: \(entry.count): expected 1 or more") }
            var station = try loadStation(entry.station.hasPrefix("/") ? entry.station : directory + "/" + entry.station)
            for (key, value) in entry.ocpp ?? [:] {
                station.ocpp = (station.ocpp ?? [:]).merging([key: value]) { _, new in new }
            }
            do {
                _ = try station.settings()
            } catch {
                throw FleetError("\(path): templates[\(index)]: \(error.description)")
            }
            templates.append(Template(name: entry.name ?? station.station.chargePointId, station: station, count: entry.count))
        }
        let sessions = probe.fleet?.sessions ?? SessionProfile()
        do {
            try sessions.validate()
        } catch {
            throw FleetError("\(path): \(error.description)")
        }
        let rate = probe.fleet?.rampUpPerSecond ?? 100
        guard rate > 0 else { throw FleetError("\(path): fleet.rampUpPerSecond: \(rate): expected more than 0") }
        return FleetConfiguration(
            templates: templates, idTemplate: probe.fleet?.idTemplate ?? "SIM-{n:05}", store: probe.fleet?.store ?? .sqlite,
            rampUpPerSecond: rate, sessions: sessions
        )
    }

    private static func loadStation(_ path: String) throws(FleetError) -> StationConfiguration {
        do {
            return try StationConfiguration.load(path: path)
        } catch {
            throw FleetError(error.description)
        }
    }
}

/// The fleet file as written.
struct FleetFile: Decodable {
    struct Settings: Decodable {
        var idTemplate: String?
        var store: FleetConfiguration.Store?
        var rampUpPerSecond: Double?
        var sessions: SessionProfile?
    }

    struct Entry: Decodable {
        var name: String?
        /// The station file, relative to the fleet file.
        var station: String
        var count: Int
        var ocpp: [String: String]?
    }

    var fleet: Settings?
    var templates: [Entry]?
}
