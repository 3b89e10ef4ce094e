// A fleet station's security log and its page-wise queue removal, in its own rows of the fleet
// file: the same contract as the single-station SQLite store.

import OCPP
import StationCore

extension FleetStationRows {
    func removeQueuedMessages(sequences: [Int64], durably: Bool) throws(StoreError) {
        guard !sequences.isEmpty else { return }
        // The fleet file never waits for the disk (synchronous=NORMAL), so `durably` changes nothing.
        let sql = "DELETE FROM fleet_queue WHERE station = ?1 AND sequence IN (\(sequences.map(String.init).joined(separator: ",")))"
        try run { database throws(SQLiteError) in try database.query(sql, [key]) }
    }

    func recordSecurityEvent(_ event: SecurityEvent, capacity: Int, notification: JSONValue?) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.transaction { () throws(SQLiteError) in
                try database.query(
                    "INSERT INTO fleet_security_log(station, kind, time, tech_info) VALUES (?1, ?2, ?3, ?4)",
                    [key, .text(event.kind.rawValue), .integer(event.timestamp.millisecondsSince1970), event.techInfo.map { .text($0) } ?? .null]
                )
                // Keep this station's newest `capacity` entries.
                try database.query(
                    """
                    DELETE FROM fleet_security_log WHERE station = ?1 AND sequence NOT IN (
                        SELECT sequence FROM fleet_security_log WHERE station = ?1 ORDER BY sequence DESC LIMIT ?2)
                    """,
                    [key, .integer(Int64(max(capacity, 0)))]
                )
                if let notification {
                    try database.query(
                        "INSERT INTO fleet_queue(station, local_transaction_id, action, payload) VALUES (?1, 0, ?2, ?3)",
                        [key, .text(Action.securityEventNotification.rawValue), .text(JSONWriter.string(notification))]
                    )
                }
            }
        }
    }

    func securityEvents(from oldest: Timestamp?, to latest: Timestamp?) throws(StoreError) -> [SecurityEvent] {
        try run { database throws(SQLiteError) in
            try database.query(
                "SELECT kind, time, tech_info FROM fleet_security_log WHERE station = ?1 AND time >= ?2 AND time <= ?3 ORDER BY sequence",
                [key, .integer(oldest?.millisecondsSince1970 ?? Int64.min), .integer(latest?.millisecondsSince1970 ?? Int64.max)]
            ).compactMap { row in
                guard let kind = row[0].text.flatMap(SecurityEventKind.init(rawValue:)), let time = row[1].integer else { return nil }
                return SecurityEvent(kind: kind, timestamp: Timestamp(millisecondsSince1970: time), techInfo: row[2].text)
            }
        }
    }
}
