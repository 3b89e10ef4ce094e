// The security log in SQLite: a bounded table of security events (the oldest dropped first), and
// the SecurityEventNotification of a critical event queued in the same commit.

public import OCPP
public import StationCore

extension SQLiteStationStore {
    public func recordSecurityEvent(_ event: SecurityEvent, capacity: Int, notification: JSONValue?) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.transaction { () throws(SQLiteError) in
                try database.query(
                    "INSERT INTO security_log(kind, time, tech_info) VALUES (?1, ?2, ?3)",
                    [.text(event.kind.rawValue), .integer(event.timestamp.millisecondsSince1970), event.techInfo.map { .text($0) } ?? .null]
                )
                try database.query(
                    "DELETE FROM security_log WHERE sequence <= (SELECT MAX(sequence) FROM security_log) - ?1", [.integer(Int64(max(capacity, 0)))]
                )
                if let notification {
                    try database.query(
                        "INSERT INTO queue(local_transaction_id, action, payload) VALUES (0, ?1, ?2)",
                        [.text(Action.securityEventNotification.rawValue), .text(JSONWriter.string(notification))]
                    )
                }
            }
        }
    }

    public func securityEvents(from oldest: Timestamp?, to latest: Timestamp?) throws(StoreError) -> [SecurityEvent] {
        try run { database throws(SQLiteError) in
            try database.query(
                "SELECT kind, time, tech_info FROM security_log WHERE time >= ?1 AND time <= ?2 ORDER BY sequence",
                [.integer(oldest?.millisecondsSince1970 ?? Int64.min), .integer(latest?.millisecondsSince1970 ?? Int64.max)]
            ).compactMap { row in
                guard let kind = row[0].text.flatMap(SecurityEventKind.init(rawValue:)), let time = row[1].integer else { return nil }
                return SecurityEvent(kind: kind, timestamp: Timestamp(millisecondsSince1970: time), techInfo: row[2].text)
            }
        }
    }
}
