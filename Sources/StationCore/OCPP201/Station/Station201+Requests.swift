// The CSMS requests a 2.0.1 station answers: GetVariables, SetVariables and GetBaseReport through
// the ProvisioningService (written values persisted), RequestStartTransaction,
// RequestStopTransaction, Reset, TriggerMessage, UnlockConnector, ChangeAvailability,
// GetTransactionStatus and DataTransfer. Other actions are answered NotImplemented.

import ChargingCore
import OCPP201
import StationHAL
import struct OCPP.BoundedString
import enum OCPP.JSONValue
import enum OCPP.PayloadEncoding
import protocol OCPP.OCPPPayload

extension Station201 {
    func answer(_ call: Call, frameBytes: Int) async -> Result<JSONValue, CallError> {
        switch call.request {
        case let request as GetVariables.Request:
            return reply(call, ProvisioningService.answer(request, frameBytes: frameBytes, model: model))
        case let request as SetVariables.Request:
            let (answer, stored) = ProvisioningService.answer(request, frameBytes: frameBytes, model: &model)
            persistVariables(stored)
            meteringAndSmartChargingVariablesChanged()
            securityVariablesWritten(stored)
            return reply(call, answer)
        case let request as GetBaseReport.Request:
            let (response, reports) = ProvisioningService.answer(request, model: model, generatedAt: now)
            // The reports follow the answer (the link writes answers first).
            for report in reports { send(report) }
            return .success(FrameEncoder.payload(response))
        case let request as RequestStartTransaction.Request where request.chargingProfile != nil:
            return .success(FrameEncoder.payload(await remoteStartWithProfile(request)))
        case let request as RequestStartTransaction.Request:
            return .success(FrameEncoder.payload(await remoteStart(request)))
        case let request as RequestStopTransaction.Request:
            return .success(FrameEncoder.payload(await remoteStop(request)))
        case let request as Reset.Request:
            return .success(FrameEncoder.payload(await reset(request)))
        case let request as TriggerMessage.Request where request.requestedMessage == .meterValues:
            return .success(FrameEncoder.payload(await triggerMeterValues(request)))
        case let request as TriggerMessage.Request:
            let response = trigger(request)
            // The triggered TransactionEvents are queued now: the link sends them after this answer.
            await sendTriggeredEvents()
            return .success(FrameEncoder.payload(response))
        case let request as UnlockConnector.Request:
            return .success(FrameEncoder.payload(await unlock(request)))
        case let request as ChangeAvailability.Request:
            return .success(FrameEncoder.payload(await changeAvailability(request)))
        case let request as GetTransactionStatus.Request:
            return .success(FrameEncoder.payload(transactionStatus(request)))
        case let request as SendLocalList.Request:
            return .success(FrameEncoder.payload(sendLocalList(request, frameBytes: frameBytes)))
        case is GetLocalListVersion.Request:
            return .success(FrameEncoder.payload(localListVersion()))
        case is ClearCache.Request:
            return .success(FrameEncoder.payload(clearCache()))
        case let request as SetChargingProfile.Request:
            return .success(FrameEncoder.payload(setChargingProfile(request)))
        case let request as GetChargingProfiles.Request:
            return .success(FrameEncoder.payload(getChargingProfiles(request)))
        case let request as ClearChargingProfile.Request:
            return .success(FrameEncoder.payload(clearChargingProfile(request)))
        case let request as GetCompositeSchedule.Request:
            return .success(FrameEncoder.payload(compositeSchedule(request)))
        case let request as SetNetworkProfile.Request:
            return .success(FrameEncoder.payload(setNetworkProfile(request)))
        case let request as InstallCertificate.Request:
            return .success(FrameEncoder.payload(await installCertificate(request)))
        case let request as GetInstalledCertificateIds.Request:
            return .success(FrameEncoder.payload(installedCertificateIds(request)))
        case let request as DeleteCertificate.Request:
            return .success(FrameEncoder.payload(deleteCertificate(request)))
        case let request as CertificateSigned.Request:
            return .success(FrameEncoder.payload(await certificateSigned(request)))
        case is DataTransfer.Request:
            return .success(FrameEncoder.payload(DataTransfer.Response(status: .unknownVendorId)))
        case let request as UpdateFirmware.Request where files != nil:
            return .success(FrameEncoder.payload(await updateFirmware(request)))
        case let request as GetLog.Request where files != nil:
            return .success(FrameEncoder.payload(await getLog(request)))
        default:
            return .failure(CallError(id: call.id, code: .notImplemented, description: "\(call.action.rawValue) is not implemented by this station"))
        }
    }

    private func reply<R: OCPPPayload>(_ call: Call, _ answer: ProvisioningAnswer<R>) -> Result<JSONValue, CallError> {
        switch answer {
        case .response(let response): .success(FrameEncoder.payload(response))
        case .callError(let code, let description): .failure(CallError(id: call.id, code: code, description: description))
        }
    }

    /// Stores the persistent values SetVariables wrote, merged with those stored before.
    func persistVariables(_ stored: [StoredVariableValue]) {
        guard !stored.isEmpty else { return }
        var all = Self.storedVariables(store, log: log)
        for value in stored {
            all.removeAll { $0.key == value.key && $0.attribute == value.attribute }
            all.append(value)
        }
        do {
            try store.saveDocument(.ocpp201Variables, try PayloadEncoding.encode(all.map(StoredVariable201.init)))
        } catch {
            log("device model values not persisted: \(error)")
        }
    }

    /// RequestStartTransaction: the idToken is authorized as AuthCtrlr.AuthorizeRemoteStart says
    /// (`startRemotely`) and given the EVSE asked for, or a free one.
    func remoteStart(_ request: RequestStartTransaction.Request) async -> RequestStartTransaction.Response {
        guard exit == nil, !resetsOnIdle.station else { return RequestStartTransaction.Response(status: .rejected) }
        return await startRemotely(request)
    }

    /// RequestStopTransaction: the transaction with that id stops with reason Remote.
    func remoteStop(_ request: RequestStopTransaction.Request) async -> RequestStopTransaction.Response {
        guard let transaction = transactions.values.first(where: { $0.id == request.transactionId.value }) else {
            return RequestStopTransaction.Response(status: .rejected)
        }
        let evseId = transaction.evseId
        if connectors[evseId - 1].transaction != nil {
            await perform(connectors[evseId - 1].handle(.stopRequested(.remote, idToken: nil)), connectorId: evseId)
        } else {
            await endTransaction(evseId: evseId, trigger: .remoteStop, reason: .remote)
        }
        return RequestStopTransaction.Response(status: .accepted)
    }
}
