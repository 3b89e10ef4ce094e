// The benchmark CSMS's answers to the station's CALLs: fixed, valid OCPP 1.6 payloads written
// once, so that answering costs a lookup and a copy (every tag Accepted, every boot Accepted).

/// Answer payloads, by action.
struct Answers: Sendable {
    /// The HeartbeatInterval given in the BootNotification answer, in seconds.
    let heartbeatInterval: Int
    /// A fixed `currentTime` (the benchmark does not test clock setting).
    let currentTime = "2026-01-01T00:00:00.000Z"
    /// Whether BootNotification and Heartbeat answer with the real time instead (`--real-time`:
    /// fleet runs, whose MeterValues delays are taken from the stations' sample timestamps, which
    /// a station writes on the clock the CSMS gave it).
    var realTime = false

    /// The payload answering `action`; `transactionId` is used by StartTransaction only.
    func payload(for action: String, transactionId: Int) -> String {
        switch action {
        case "BootNotification": #"{"status":"Accepted","currentTime":"\#(time)","interval":\#(heartbeatInterval)}"#
        case "Heartbeat": #"{"currentTime":"\#(time)"}"#
        case "Authorize": #"{"idTagInfo":{"status":"Accepted"}}"#
        case "StartTransaction": #"{"transactionId":\#(transactionId),"idTagInfo":{"status":"Accepted"}}"#
        case "StopTransaction": #"{"idTagInfo":{"status":"Accepted"}}"#
        case "DataTransfer": #"{"status":"Accepted"}"#
        // MeterValues, StatusNotification, the status notifications of firmware and diagnostics,
        // SecurityEventNotification and the rest answer with an empty object.
        default: "{}"
        }
    }

    /// The `currentTime` to answer with now.
    var time: String { realTime ? PayloadFields.text(milliseconds: PayloadFields.wallMilliseconds()) : currentTime }

    /// The CALLRESULT frame for message `id`.
    func frame(id: String, action: String, transactionId: Int) -> String {
        #"[3,"\#(id)",\#(payload(for: action, transactionId: transactionId))]"#
    }
}
