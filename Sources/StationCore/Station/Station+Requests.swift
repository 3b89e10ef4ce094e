// The central system's requests of the Core profile, answered at once; work that must follow the
// answer (a reset, a remote start's authorization) runs after the answer was handed back.

import ChargingCore
import OCPP

extension Station {
    /// An answer and what to do once it was handed back.
    struct Answer {
        enum FollowUp {
            case none
            case reset(Reset.ResetType)
            case remoteStart(Authorization, connectorId: Int, authorizeFirst: Bool)
            /// Send the triggered message (the link writes the answer first).
            case trigger(TriggerMessage.Request)
            /// Send the message an ExtendedTriggerMessage asked for (the answer is written first).
            case extendedTrigger(ExtendedTriggerMessage.Request)
            /// Reconnect with new link security (`Station+Security.swift`).
            case changeLinkSecurity(previous: LinkSecurity, next: LinkSecurity)
        }

        var result: Result<JSONValue, CallError>
        var followUp: FollowUp = .none

        static func payload(_ response: some OCPPPayload, then followUp: FollowUp = .none) -> Answer {
            Answer(result: .success(FrameEncoder.payload(response)), followUp: followUp)
        }
    }

    func answer(_ call: Call) async -> Answer {
        switch call.request {
        case let request as ChangeAvailability.Request: return changeAvailability(request)
        case let request as ChangeConfiguration.Request: return changeConfiguration(request)
        case is ClearCache.Request: return clearCache()
        case let request as DataTransfer.Request: return dataTransfer(request)
        case let request as GetConfiguration.Request: return getConfiguration(request, id: call.id)
        case let request as RemoteStartTransaction.Request: return remoteStart(request)
        case let request as RemoteStopTransaction.Request: return await remoteStop(request)
        case let request as Reset.Request: return .payload(Reset.Response(status: .accepted), then: .reset(request.type))
        case let request as UnlockConnector.Request: return await unlockConnector(request)
        case let request as TriggerMessage.Request: return triggerMessage(request, id: call.id)
        case let request as SendLocalList.Request: return sendLocalList(request)
        case let request as SetChargingProfile.Request: return setChargingProfile(request)
        case let request as ClearChargingProfile.Request: return clearChargingProfile(request)
        case let request as GetCompositeSchedule.Request: return getCompositeSchedule(request)
        case let request as UpdateFirmware.Request: return updateFirmware(request, id: call.id)
        case let request as GetDiagnostics.Request: return await getDiagnostics(request, id: call.id)
        case let request as GetLog.Request: return await getLog(request, id: call.id)
        case let request as ReserveNow.Request: return reserveNow(request)
        case let request as CancelReservation.Request: return cancelReservation(request)
        case is GetLocalListVersion.Request: return .payload(GetLocalListVersion.Response(listVersion: localList.reportedVersion))
        case let request as InstallCertificate.Request: return await installCertificate(request)
        case let request as DeleteCertificate.Request: return deleteCertificate(request)
        case let request as GetInstalledCertificateIds.Request: return getInstalledCertificateIds(request)
        case let request as CertificateSigned.Request: return await certificateSigned(request)
        case let request as ExtendedTriggerMessage.Request: return extendedTriggerMessage(request)
        case let request as SignedUpdateFirmware.Request: return await signedUpdateFirmware(request, id: call.id)
        default:
            return notSupported(call.id, call.action)
        }
    }

    /// The CALLERROR NotSupported for a request this station does not handle.
    func notSupported(_ id: MessageId, _ action: Action) -> Answer {
        Answer(result: .failure(CallError(id: id, code: .notSupported, description: "\(action.rawValue) is not supported by this station")))
    }

    private func changeAvailability(_ request: ChangeAvailability.Request) -> Answer {
        let requested: Availability = request.type == .operative ? .operative : .inoperative
        guard let (change, changes) = charger.changeAvailability(requested, connectorId: request.connectorId) else {
            return .payload(ChangeAvailability.Response(status: .rejected))
        }
        if request.connectorId == 0 {
            do { try store.saveAvailability(requested, connectorId: 0) } catch { log("availability not saved: \(error)") }
        }
        for (connectorId, actions) in changes {
            for case .persistAvailability(let value) in actions {
                do { try store.saveAvailability(value, connectorId: connectorId) } catch { log("availability not saved: \(error)") }
            }
            for case .cancelConnectionTimer in actions { cancelTimer(.connectionTimeout(connectorId: connectorId)) }
        }
        return .payload(ChangeAvailability.Response(status: change.ocpp16Status))
    }

    private func changeConfiguration(_ request: ChangeConfiguration.Request) -> Answer {
        if let key = ConfigurationKey(caseInsensitive: request.key.value), key == .securityProfile || key == .authorizationKey {
            return changeLinkSecurity(request, key: key)
        }
        let outcome = configuration.change(request.key.value, to: request.value.value)
        switch outcome {
        case .accepted(let key, let value), .rebootRequired(let key, let value):
            do {
                try store.saveConfiguration(key, value: value)
            } catch {
                log("configuration \(key.rawValue) not saved: \(error)")
                return .payload(ChangeConfiguration.Response(status: .rejected))
            }
            log("configuration \(key.rawValue) = \(key.access == .writeOnly ? "(secret, not logged)" : value)")
            applyConfigurationChange(key)
        case .rejected(let reason):
            log("ChangeConfiguration rejected: \(reason)")
        case .notSupported:
            log("ChangeConfiguration of unknown key \(request.key)")
        }
        return .payload(ChangeConfiguration.Response(status: outcome.status))
    }

    /// Puts a changed key into effect at once.
    private func applyConfigurationChange(_ key: ConfigurationKey) {
        switch key {
        case .heartbeatInterval: scheduleHeartbeat()
        case .clockAlignedDataInterval:
            metering.alignedIntervalChanged()
            scheduleAlignedSampling()
        case .transactionMessageAttempts, .transactionMessageRetryInterval: applyRetryPolicy()
        case .meterValueSampleInterval:
            for machine in connectors where machine.transaction != nil { startSampling(connectorId: machine.connectorId) }
        default: break
        }
    }

    private func clearCache() -> Answer {
        do {
            try store.clearAuthorizationCache()
            return .payload(ClearCache.Response(status: .accepted))
        } catch {
            log("ClearCache failed: \(error)")
            return .payload(ClearCache.Response(status: .rejected))
        }
    }

    private func dataTransfer(_ request: DataTransfer.Request) -> Answer {
        guard let messages = settings.dataTransferVendors[request.vendorId.value] else {
            return .payload(DataTransfer.Response(status: .unknownVendorId))
        }
        if let messageId = request.messageId, !messages.contains(messageId.value) {
            return .payload(DataTransfer.Response(status: .unknownMessageId))
        }
        return .payload(DataTransfer.Response(status: .accepted))
    }

    private func getConfiguration(_ request: GetConfiguration.Request, id: MessageId) -> Answer {
        let maximum = configuration.int(.getConfigurationMaxKeys)
        if let keys = request.key, maximum > 0, keys.count > maximum {
            return Answer(result: .failure(CallError(
                id: id, code: .occurenceConstraintViolation, description: "\(keys.count) keys requested, GetConfigurationMaxKeys is \(maximum)"
            )))
        }
        return .payload(configuration.report(request.key?.map(\.value)))
    }

    private func remoteStart(_ request: RemoteStartTransaction.Request) -> Answer {
        if request.connectorId == 0 { return .payload(RemoteStartTransaction.Response(status: .rejected)) }
        if let profile = request.chargingProfile, profile.chargingProfilePurpose != .txProfile {
            return .payload(RemoteStartTransaction.Response(status: .rejected))
        }
        guard let (connectorId, reservationId) = connectorForNewSession(chosen: request.connectorId, idTag: request.idTag, parentIdTag: nil) else {
            return .payload(RemoteStartTransaction.Response(status: .rejected))
        }
        let authorization = Authorization(idToken: IdentifierToken(request.idTag), reservationId: reservationId)
        if let profile = request.chargingProfile {
            smartCharging.awaitTransaction(connectorId: connectorId, idToken: IdentifierToken(request.idTag), profile: profile)
        }
        return .payload(
            RemoteStartTransaction.Response(status: .accepted),
            then: .remoteStart(authorization, connectorId: connectorId, authorizeFirst: configuration.bool(.authorizeRemoteTxRequests))
        )
    }

    private func remoteStop(_ request: RemoteStopTransaction.Request) async -> Answer {
        guard let index = connectors.firstIndex(where: { $0.transaction?.transactionId == request.transactionId }) else {
            return .payload(RemoteStopTransaction.Response(status: .rejected))
        }
        await perform(connectors[index].handle(.stopRequested(.remote, idToken: nil)), connectorId: index + 1)
        return .payload(RemoteStopTransaction.Response(status: .accepted))
    }

    private func unlockConnector(_ request: UnlockConnector.Request) async -> Answer {
        guard (1...connectors.count).contains(request.connectorId), !hardware.connectors[request.connectorId - 1].hasFixedCable else {
            return .payload(UnlockConnector.Response(status: .notSupported))
        }
        let index = request.connectorId - 1
        if connectors[index].transaction != nil {
            await perform(connectors[index].handle(.stopRequested(.unlockCommand, idToken: nil)), connectorId: request.connectorId)
        }
        let unlocked = await unlock(connectorId: request.connectorId)
        return .payload(UnlockConnector.Response(status: unlocked ? .unlocked : .unlockFailed))
    }

    private func triggerMessage(_ request: TriggerMessage.Request, id: MessageId) -> Answer {
        if let connectorId = request.connectorId, !(0...connectors.count).contains(connectorId) {
            return .payload(TriggerMessage.Response(status: .rejected))
        }
        return .payload(TriggerMessage.Response(status: .accepted), then: .trigger(request))
    }

    /// Reboots for a pending reset (or a firmware installation) once no transaction message and
    /// no FirmwareStatusNotification waits (or the link is down).
    func rebootIfReady(deadlinePassed: Bool = false) {
        let waiting = reboot.isPending ? (try? store.queuedMessageCount()) ?? 0 : 0
        _ = reboot.decide(
            deadlinePassed: deadlinePassed, notificationsInFlight: firmware.notificationsInFlight, online: registration.canAskCentralSystem, queuedMessages: waiting
        )
    }

    /// Owes a reboot of `type`: it happens once the station's messages about it are out, or
    /// after at most 30 s (`rebootIfReady`).
    func scheduleReboot(_ type: Reset.ResetType) {
        raiseSecurityEvent(.resetOrReboot, techInfo: "\(type.rawValue) reset")
        reboot.request(type)
        startTimer(.resetDeadline, after: .seconds(30))
        rebootIfReady()
    }

    /// Work that follows an answer.
    func followUp(_ followUp: Answer.FollowUp) async {
        switch followUp {
        case .none:
            break
        case .reset(let type):
            log("\(type.rawValue) reset: stopping transactions and rebooting")
            let reason: StopReason = type == .hard ? .hardReset : .softReset
            for index in connectors.indices where connectors[index].transaction != nil {
                await perform(connectors[index].handle(.stopRequested(reason, idToken: nil)), connectorId: index + 1)
            }
            // The StopTransactions go out before the reboot when the link is up; the station
            // reboots once the queue is empty, or after a bounded wait (they are then sent after
            // the next boot: they are persisted).
            scheduleReboot(type)
        case .trigger(let request):
            await sendTriggered(request)
        case .extendedTrigger(let request):
            await sendTriggered(request)
        case .changeLinkSecurity(let previous, let next):
            reconnect(from: previous, to: next)
        case .remoteStart(let authorization, let connectorId, let authorizeFirst):
            if authorizeFirst, registration.canAskCentralSystem {
                enqueue(.authorize(authorization.idToken.idTag, .remoteStart(connectorId: connectorId)))
            } else {
                await perform(connectors[connectorId - 1].handle(.authorized(authorization)), connectorId: connectorId)
            }
        }
    }
}
