// Remote Trigger: the message a TriggerMessage asked for, sent after the answer to it.

import OCPP

extension Station {
    /// Sends what `request` triggers. Triggered messages go out whatever the registration (a
    /// Pending station may send what the central system triggers) and whatever
    /// MinimumStatusDuration says.
    func sendTriggered(_ request: TriggerMessage.Request) async {
        let connectorIds = request.connectorId.flatMap { $0 == 0 ? nil : [$0] } ?? Array(1...connectors.count)
        switch request.requestedMessage {
        case .bootNotification:
            sendBootNotification()
        case .heartbeat:
            enqueue(.heartbeat)
        case .statusNotification:
            // Connector 0 is reported when asked for it or for all connectors.
            let targets = request.connectorId.map { [$0] } ?? Array(0...connectors.count)
            for connectorId in targets {
                sendStatus(connectorId: connectorId, effectiveStatus(of: connectorId))
            }
        case .meterValues:
            for connectorId in connectorIds {
                guard let reading = try? await readMeter(connectorId: connectorId) else {
                    log("connector \(connectorId): triggered MeterValues skipped, the meter did not answer")
                    continue
                }
                let values = MeterSampling.sampledValues(reading, measurands: configuration.measurands(.meterValuesSampledData), context: .trigger)
                guard !values.isEmpty else { continue }
                let transactionId = connectors[connectorId - 1].transaction?.transactionId
                enqueue(.meterValues(MeterValues.Request(connectorId: connectorId, transactionId: transactionId, meterValue: [MeterValue(timestamp: now, sampledValue: values)])))
            }
        case .diagnosticsStatusNotification:
            // Uploading while an upload runs, otherwise Idle.
            enqueue(.diagnosticsStatusNotification(DiagnosticsStatusNotification.Request(status: diagnostics.status)))
        case .firmwareStatusNotification:
            // The current step of an update in progress, otherwise Idle.
            perform(firmware.triggered())
        }
    }
}
