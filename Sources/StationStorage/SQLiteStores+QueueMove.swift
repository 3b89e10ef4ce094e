// Moving a document's messages into the queue table in one commit, for both SQLite stores: the
// 2.0.1 TransactionEvents an older firmware kept as one document become queue rows once.

import OCPP
public import StationCore

extension SQLiteStationStore {
    /// Appends `messages` and removes `document` in one transaction: after a kill -9 either both
    /// happened or neither.
    public func enqueue(_ messages: [QueuedMessage], removing document: StateDocument) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.transaction { () throws(SQLiteError) in
                for message in messages {
                    try database.query(
                        "INSERT INTO queue(local_transaction_id, action, payload, failed_attempts) VALUES (?1, ?2, ?3, ?4)",
                        [
                            .integer(message.localTransactionId), .text(message.action.rawValue), .text(JSONWriter.string(message.payload)),
                            .integer(Int64(message.failedAttempts)),
                        ]
                    )
                }
                try database.query("DELETE FROM documents WHERE name = ?1", [.text(document.rawValue)])
            }
        }
    }
}

extension FleetStationRows {
    /// Appends `messages` to this station's queue rows and removes its `document`, in one transaction.
    func enqueue(_ messages: [QueuedMessage], removing document: StateDocument) throws(StoreError) {
        try run { database throws(SQLiteError) in
            try database.transaction { () throws(SQLiteError) in
                for message in messages {
                    try database.query(
                        "INSERT INTO fleet_queue(station, local_transaction_id, action, payload, failed_attempts) VALUES (?1, ?2, ?3, ?4, ?5)",
                        [
                            key, .integer(message.localTransactionId), .text(message.action.rawValue), .text(JSONWriter.string(message.payload)),
                            .integer(Int64(message.failedAttempts)),
                        ]
                    )
                }
                try database.query("DELETE FROM fleet_documents WHERE station = ?1 AND name = ?2", [key, .text(document.rawValue)])
            }
        }
    }
}
