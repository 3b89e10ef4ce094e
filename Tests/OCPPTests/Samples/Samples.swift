// Sample payloads of every action, used by the schema, round-trip and fuzz tests. Each action has
// at least a minimal sample (required fields only) and a full one (every optional field set).

import OCPP

/// The samples of one action.
struct ActionSamples {
    /// The action.
    let action: Action
    /// Request samples: the minimal one first, then fuller ones.
    let requests: [any OCPPRequest]
    /// Response samples: the minimal one first, then fuller ones.
    let responses: [any OCPPPayload]
}

enum Samples {
    /// Every action's samples, in `Action.allCases` order.
    static var all: [ActionSamples] {
        (core + firmware + optionalProfiles + security + coreExamples).sorted {
            Action.allCases.firstIndex(of: $0.action)! < Action.allCases.firstIndex(of: $1.action)!
        }
    }

    static let time = Timestamp(millisecondsSince1970: 1_795_256_130_123)  // 2026-11-21T10:15:30.123Z
    static let later = Timestamp(millisecondsSince1970: 1_795_259_730_456)

    static let fullProfile = ChargingProfile(
        chargingProfileId: 7, transactionId: 42, stackLevel: 2, chargingProfilePurpose: .txProfile,
        chargingProfileKind: .recurring, recurrencyKind: .daily, validFrom: time, validTo: later,
        chargingSchedule: ChargingSchedule(
            duration: 86_400, startSchedule: time, chargingRateUnit: .amperes,
            chargingSchedulePeriod: [
                ChargingSchedulePeriod(startPeriod: 0, limit: 32.0, numberPhases: 3),
                ChargingSchedulePeriod(startPeriod: 3600, limit: 16.5),
            ],
            minChargingRate: 6.1
        )
    )

    static let minimalProfile = ChargingProfile(
        chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: .txDefaultProfile, chargingProfileKind: .relative,
        chargingSchedule: ChargingSchedule(chargingRateUnit: .watts, chargingSchedulePeriod: [ChargingSchedulePeriod(startPeriod: 0, limit: 11000)])
    )

    static let fullIdTagInfo = IdTagInfo(status: .accepted, expiryDate: later, parentIdTag: "PARENT-1")

    static let certificateHash = CertificateHashData(
        hashAlgorithm: .sha256,
        issuerNameHash: "e4e2f8d1a3c5b7090a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071",
        issuerKeyHash: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
        serialNumber: "5f3a1c"
    )

    /// The samples written with the core infrastructure (the examples the others follow).
    static let coreExamples: [ActionSamples] = [
        ActionSamples(
            action: .bootNotification,
            requests: [
                BootNotification.Request(chargePointVendor: "MAXERO", chargePointModel: "200QC"),
                BootNotification.Request(
                    chargePointVendor: "MAXERO", chargePointModel: "200QC", chargePointSerialNumber: "MX200-000123",
                    chargeBoxSerialNumber: "BOX-000123", firmwareVersion: "1.4.2", iccid: "8931080019040550000",
                    imsi: "204080123456789", meterType: "DC-METER-X", meterSerialNumber: "M-0001"
                ),
            ],
            responses: [
                BootNotification.Response(status: .accepted, currentTime: time, interval: 20),
                BootNotification.Response(status: .pending, currentTime: time, interval: 300),
                BootNotification.Response(status: .rejected, currentTime: time, interval: 60),
            ]
        ),
        ActionSamples(
            action: .meterValues,
            requests: [
                MeterValues.Request(connectorId: 1, meterValue: [MeterValue(timestamp: time, sampledValue: [SampledValue(value: "1200")])]),
                MeterValues.Request(
                    connectorId: 2, transactionId: 42,
                    meterValue: [
                        MeterValue(timestamp: time, sampledValue: [
                            SampledValue(value: "15320.5", context: .samplePeriodic, format: .raw, measurand: .energyActiveImportRegister, phase: nil, location: .outlet, unit: .wh),
                            SampledValue(value: "49800", context: .samplePeriodic, format: .raw, measurand: .powerActiveImport, location: .outlet, unit: .w),
                            SampledValue(value: "230.1", context: .sampleClock, measurand: .voltage, phase: .l1N, location: .inlet, unit: .v),
                            SampledValue(value: "64", context: .trigger, measurand: .soc, location: .ev, unit: .percent),
                            SampledValue(value: "50.0", context: .other, measurand: .frequency, unit: .hertz),
                            SampledValue(value: "30.5", context: .interruptionBegin, measurand: .temperature, location: .body, unit: .celsius),
                        ]),
                        MeterValue(timestamp: later, sampledValue: [
                            SampledValue(value: "AB01CD", context: .transactionEnd, format: .signedData, measurand: .energyActiveImportRegister, unit: .kWh),
                        ]),
                    ]
                ),
            ],
            responses: [MeterValues.Response()]
        ),
        ActionSamples(
            action: .remoteStartTransaction,
            requests: [
                RemoteStartTransaction.Request(idTag: "04A1B2C3D4"),
                RemoteStartTransaction.Request(connectorId: 1, idTag: "04A1B2C3D4", chargingProfile: fullProfile),
                RemoteStartTransaction.Request(connectorId: 2, idTag: "tag", chargingProfile: minimalProfile),
            ],
            responses: [RemoteStartTransaction.Response(status: .accepted), RemoteStartTransaction.Response(status: .rejected)]
        ),
    ]
}
