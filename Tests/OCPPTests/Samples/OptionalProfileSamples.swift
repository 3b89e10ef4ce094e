// Sample payloads of the optional 1.6 feature profiles: Local Auth List Management, Reservation,
// Smart Charging and Remote Trigger.

import OCPP

extension Samples {
    static let optionalProfiles: [ActionSamples] = [
        // Local Auth List Management
        ActionSamples(
            action: .getLocalListVersion,
            requests: [GetLocalListVersion.Request()],
            responses: [
                GetLocalListVersion.Response(listVersion: 0),
                GetLocalListVersion.Response(listVersion: 17),
                GetLocalListVersion.Response(listVersion: -1),
            ]
        ),
        ActionSamples(
            action: .sendLocalList,
            requests: [
                SendLocalList.Request(listVersion: 1, updateType: .full),
                SendLocalList.Request(
                    listVersion: 18,
                    localAuthorizationList: [
                        SendLocalList.AuthorizationData(idTag: "04A1B2C3D4", idTagInfo: fullIdTagInfo),
                        SendLocalList.AuthorizationData(idTag: "04E5F6A7B8", idTagInfo: IdTagInfo(status: .blocked)),
                        SendLocalList.AuthorizationData(idTag: "0123456789ABCDEF0123", idTagInfo: IdTagInfo(status: .expired, expiryDate: time)),
                        SendLocalList.AuthorizationData(idTag: "INVALID-TAG", idTagInfo: IdTagInfo(status: .invalid, parentIdTag: "PARENT-2")),
                        SendLocalList.AuthorizationData(idTag: "BUSY-TAG", idTagInfo: IdTagInfo(status: .concurrentTx)),
                    ],
                    updateType: .full
                ),
                SendLocalList.Request(
                    listVersion: 19,
                    localAuthorizationList: [
                        SendLocalList.AuthorizationData(idTag: "04E5F6A7B8"),
                        SendLocalList.AuthorizationData(idTag: "NEW-TAG", idTagInfo: IdTagInfo(status: .accepted)),
                    ],
                    updateType: .differential
                ),
                SendLocalList.Request(listVersion: 20, localAuthorizationList: [], updateType: .full),
            ],
            responses: [
                SendLocalList.Response(status: .accepted),
                SendLocalList.Response(status: .failed),
                SendLocalList.Response(status: .notSupported),
                SendLocalList.Response(status: .versionMismatch),
            ]
        ),
        // Reservation
        ActionSamples(
            action: .cancelReservation,
            requests: [CancelReservation.Request(reservationId: 5), CancelReservation.Request(reservationId: 0)],
            responses: [CancelReservation.Response(status: .accepted), CancelReservation.Response(status: .rejected)]
        ),
        ActionSamples(
            action: .reserveNow,
            requests: [
                ReserveNow.Request(connectorId: 1, expiryDate: later, idTag: "04A1B2C3D4", reservationId: 5),
                ReserveNow.Request(connectorId: 0, expiryDate: later, idTag: "04E5F6A7B8", parentIdTag: "PARENT-1", reservationId: 6),
            ],
            responses: [
                ReserveNow.Response(status: .accepted),
                ReserveNow.Response(status: .faulted),
                ReserveNow.Response(status: .occupied),
                ReserveNow.Response(status: .rejected),
                ReserveNow.Response(status: .unavailable),
            ]
        ),
        // Smart Charging
        ActionSamples(
            action: .clearChargingProfile,
            requests: [
                ClearChargingProfile.Request(),
                ClearChargingProfile.Request(id: 7, connectorId: 1, chargingProfilePurpose: .txProfile, stackLevel: 2),
                ClearChargingProfile.Request(connectorId: 0, chargingProfilePurpose: .chargePointMaxProfile),
                ClearChargingProfile.Request(chargingProfilePurpose: .txDefaultProfile, stackLevel: 0),
            ],
            responses: [ClearChargingProfile.Response(status: .accepted), ClearChargingProfile.Response(status: .unknown)]
        ),
        ActionSamples(
            action: .getCompositeSchedule,
            requests: [
                GetCompositeSchedule.Request(connectorId: 1, duration: 3600),
                GetCompositeSchedule.Request(connectorId: 2, duration: 86_400, chargingRateUnit: .amperes),
                GetCompositeSchedule.Request(connectorId: 0, duration: 600, chargingRateUnit: .watts),
            ],
            responses: [
                GetCompositeSchedule.Response(status: .rejected),
                GetCompositeSchedule.Response(
                    status: .accepted, connectorId: 1, scheduleStart: time,
                    chargingSchedule: ChargingSchedule(
                        duration: 3600, startSchedule: time, chargingRateUnit: .amperes,
                        chargingSchedulePeriod: [
                            ChargingSchedulePeriod(startPeriod: 0, limit: 32.0, numberPhases: 3),
                            ChargingSchedulePeriod(startPeriod: 1800, limit: 16.5, numberPhases: 1),
                        ],
                        minChargingRate: 6.0
                    )
                ),
                GetCompositeSchedule.Response(
                    status: .accepted, connectorId: 0, scheduleStart: later,
                    chargingSchedule: ChargingSchedule(chargingRateUnit: .watts, chargingSchedulePeriod: [ChargingSchedulePeriod(startPeriod: 0, limit: 11000)])
                ),
            ]
        ),
        ActionSamples(
            action: .setChargingProfile,
            requests: [
                SetChargingProfile.Request(connectorId: 0, csChargingProfiles: minimalProfile),
                SetChargingProfile.Request(connectorId: 1, csChargingProfiles: fullProfile),
                SetChargingProfile.Request(
                    connectorId: 0,
                    csChargingProfiles: ChargingProfile(
                        chargingProfileId: 3, stackLevel: 1, chargingProfilePurpose: .chargePointMaxProfile,
                        chargingProfileKind: .absolute, validFrom: time,
                        chargingSchedule: ChargingSchedule(
                            startSchedule: time, chargingRateUnit: .watts,
                            chargingSchedulePeriod: [
                                ChargingSchedulePeriod(startPeriod: 0, limit: 11000, numberPhases: 3),
                                ChargingSchedulePeriod(startPeriod: 7200, limit: 7400.5),
                            ]
                        )
                    )
                ),
                SetChargingProfile.Request(
                    connectorId: 2,
                    csChargingProfiles: ChargingProfile(
                        chargingProfileId: 4, stackLevel: 0, chargingProfilePurpose: .txDefaultProfile,
                        chargingProfileKind: .recurring, recurrencyKind: .weekly, validTo: later,
                        chargingSchedule: ChargingSchedule(
                            duration: 604_800, startSchedule: time, chargingRateUnit: .amperes,
                            chargingSchedulePeriod: [ChargingSchedulePeriod(startPeriod: 0, limit: 16.5, numberPhases: 1)]
                        )
                    )
                ),
            ],
            responses: [
                SetChargingProfile.Response(status: .accepted),
                SetChargingProfile.Response(status: .rejected),
                SetChargingProfile.Response(status: .notSupported),
            ]
        ),
        // Remote Trigger
        ActionSamples(
            action: .triggerMessage,
            requests: [
                TriggerMessage.Request(requestedMessage: .bootNotification),
                TriggerMessage.Request(requestedMessage: .statusNotification, connectorId: 1),
                TriggerMessage.Request(requestedMessage: .meterValues, connectorId: 2),
                TriggerMessage.Request(requestedMessage: .diagnosticsStatusNotification),
                TriggerMessage.Request(requestedMessage: .firmwareStatusNotification),
                TriggerMessage.Request(requestedMessage: .heartbeat),
            ],
            responses: [
                TriggerMessage.Response(status: .accepted),
                TriggerMessage.Response(status: .rejected),
                TriggerMessage.Response(status: .notImplemented),
            ]
        ),
    ]
}
