// Registration of a 2.0.1 station: BootNotification with its reason, Accepted/Pending/Rejected
// with the CSMS's interval, the heartbeat, and a StatusNotification per EVSE and connector.

import ChargingCore
import OCPP201
import StationHAL
import struct OCPP.BoundedString

extension Station201 {
    /// Sends BootNotification in a task; the answer comes back as an input.
    func sendBoot() {
        guard !bootInFlight else { return }
        bootInFlight = true
        let identity = settings.identity
        let request = BootNotification.Request(
            chargingStation: BootNotification.ChargingStation(
                serialNumber: identity.chargePointSerialNumber.flatMap { try? BoundedString<25>($0.value) },
                model: (try? BoundedString<20>(identity.chargePointModel.value)) ?? "Unknown",
                vendorName: (try? BoundedString<50>(identity.chargePointVendor.value)) ?? "Unknown",
                firmwareVersion: (firmware.installedVersion ?? identity.firmwareVersion?.value).flatMap { try? BoundedString<50>($0) }
            ),
            reason: bootReason
        )
        let (link, continuation) = (link, inputs.continuation)
        StationTask.spawn {
            do throws(Link201Error) {
                continuation.yield(.bootAnswered(.success(try await link.call(request))))
            } catch {
                continuation.yield(.bootAnswered(.failure(error)))
            }
        }
    }

    /// Accepted: heartbeat at the CSMS's interval, statuses, queued TransactionEvents. Pending or
    /// Rejected: BootNotification again after the interval (or the station's retry interval when
    /// the CSMS gives none). Not connected: again when the link is up. No answer: again after the
    /// retry interval.
    func bootAnswered(_ result: Result<BootNotification.Response, Link201Error>) {
        bootInFlight = false
        switch result {
        case .success(let response):
            registration = response.status
            log("BootNotification \(response.status.rawValue), interval \(response.interval) s")
            if response.status == .accepted {
                if response.interval > 0 { model.update(.heartbeatInterval, to: String(response.interval)) }
                startHeartbeat()
                reported = [:]
                for connector in connectors { reportStatus(connectorId: connector.connectorId) }
                link.setRetryPolicy(
                    attempts: model.integer(.transactionMessageAttempts) ?? 3, interval: .seconds(model.integer(.transactionMessageAttemptInterval) ?? 60)
                )
                link.setTransactionEventDelivery(enabled: true)
                firmwareBootAccepted()
                securityAccepted()
            } else {
                after(response.interval > 0 ? .seconds(response.interval) : settings.bootRetryInterval, .bootRetry)
            }
        case .failure(.offline):
            // Sent again as soon as the link is up.
            log("BootNotification waits for the link")
        case .failure(let error):
            log("BootNotification failed: \(error); again in \(settings.bootRetryInterval)")
            after(settings.bootRetryInterval, .bootRetry)
        }
    }

    var isAccepted: Bool { registration == .accepted }

    func linkChanged(_ event: LinkEvent201) {
        switch event {
        case .connected:
            connected = true
            securityLinkConnected()
            // After a reconnect an accepted station reports its statuses again; a station never
            // accepted sends BootNotification (its retry timer may be far away).
            if isAccepted {
                reported = [:]
                for connector in connectors { reportStatus(connectorId: connector.connectorId) }
            } else if registration == nil {
                sendBoot()
            }
        case .disconnected:
            connected = false
        case .transactionEventAnswered:
            break // taken by `process` (Station201+TransactionAnswers.swift)
        }
    }

    /// Heartbeat every OCPPCommCtrlr.HeartbeatInterval seconds while the station runs.
    func startHeartbeat() {
        heartbeatTask?.cancel()
        let seconds = max(1, model.integer(.heartbeatInterval) ?? 300)
        let (clock, link) = (clock, link)
        heartbeatTask = StationTask.spawn {
            while !Task.isCancelled {
                do {
                    try await clock.sleep(until: clock.now.advanced(by: .seconds(seconds)), tolerance: nil)
                } catch {
                    return
                }
                _ = try? await link.call(Heartbeat.Request())
            }
        }
    }

    /// The 2.0.1 status of a connector, derived from the core's phase.
    func connectorStatus(_ connectorId: Int) -> StatusNotification.ConnectorStatus {
        switch connectors[connectorId - 1].phase {
        case .available: holdsNewSessionsForFirmware ? .unavailable : .available
        case .reserved: .reserved
        case .unavailable: .unavailable
        case .faulted: .faulted
        case .preparing, .charging, .suspendedByVehicle, .suspendedByStation, .finishing: .occupied
        }
    }

    /// Sends a StatusNotification when the connector's status changed since the last one sent
    /// (only while accepted: the statuses are sent again after each acceptance).
    func reportStatus(connectorId: Int) {
        let status = connectorStatus(connectorId)
        guard isAccepted, reported[connectorId] != status else { return }
        reported[connectorId] = status
        send(StatusNotification.Request(timestamp: now, connectorStatus: status, evseId: connectorId, connectorId: 1))
    }
}
