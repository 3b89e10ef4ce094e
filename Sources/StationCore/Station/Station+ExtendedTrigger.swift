// ExtendedTriggerMessage (Security extension): the messages TriggerMessage can trigger, plus
// LogStatusNotification, SignedFirmwareStatusNotification and SignCertificate, sent after the
// answer (the link writes the answer before any CALL that follows it).

import OCPP

extension Station {
    func extendedTriggerMessage(_ request: ExtendedTriggerMessage.Request) -> Answer {
        if let connectorId = request.connectorId, !(0...connectors.count).contains(connectorId) {
            return .payload(ExtendedTriggerMessage.Response(status: .rejected))
        }
        return .payload(ExtendedTriggerMessage.Response(status: .accepted), then: .extendedTrigger(request))
    }

    /// Sends what `request` triggers, whatever the registration (as for TriggerMessage).
    /// FirmwareStatusNotification is answered with a SignedFirmwareStatusNotification (the
    /// extended message set is the signed-firmware one): the step of a signed update in progress,
    /// otherwise Idle. LogStatusNotification reports a GetLog upload in progress, otherwise Idle.
    func sendTriggered(_ request: ExtendedTriggerMessage.Request) async {
        func core(_ message: TriggerMessage.MessageTrigger) async {
            await sendTriggered(TriggerMessage.Request(requestedMessage: message, connectorId: request.connectorId))
        }
        switch request.requestedMessage {
        case .bootNotification: await core(.bootNotification)
        case .heartbeat: await core(.heartbeat)
        case .meterValues: await core(.meterValues)
        case .statusNotification: await core(.statusNotification)
        case .firmwareStatusNotification: perform(firmware.triggeredSigned())
        case .logStatusNotification: enqueue(.logStatusNotification(logUpload.triggeredStatus))
        case .signChargePointCertificate: requestChargePointCertificate()
        }
    }
}
