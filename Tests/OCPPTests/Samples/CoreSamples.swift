// Sample payloads of the Core profile's actions (BootNotification, MeterValues and
// RemoteStartTransaction are in `coreExamples`).

import OCPP

extension Samples {
    static let core: [ActionSamples] = [
        ActionSamples(
            action: .authorize,
            requests: [Authorize.Request(idTag: "04A1B2C3D4"), Authorize.Request(idTag: "ABCDEFGHIJ0123456789")],
            responses: [
                Authorize.Response(idTagInfo: IdTagInfo(status: .accepted)),
                Authorize.Response(idTagInfo: fullIdTagInfo),
                Authorize.Response(idTagInfo: IdTagInfo(status: .blocked)),
                Authorize.Response(idTagInfo: IdTagInfo(status: .expired, expiryDate: time)),
                Authorize.Response(idTagInfo: IdTagInfo(status: .invalid)),
                Authorize.Response(idTagInfo: IdTagInfo(status: .concurrentTx, parentIdTag: "PARENT-1")),
            ]
        ),
        ActionSamples(
            action: .changeAvailability,
            requests: [
                ChangeAvailability.Request(connectorId: 0, type: .inoperative),
                ChangeAvailability.Request(connectorId: 1, type: .operative),
            ],
            responses: [
                ChangeAvailability.Response(status: .accepted),
                ChangeAvailability.Response(status: .rejected),
                ChangeAvailability.Response(status: .scheduled),
            ]
        ),
        ActionSamples(
            action: .changeConfiguration,
            requests: [
                ChangeConfiguration.Request(key: "HeartbeatInterval", value: "300"),
                ChangeConfiguration.Request(
                    key: "MeterValuesSampledData",
                    value: "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC"
                ),
                ChangeConfiguration.Request(key: "AuthorizationKey", value: ""),
            ],
            responses: [
                ChangeConfiguration.Response(status: .accepted),
                ChangeConfiguration.Response(status: .rejected),
                ChangeConfiguration.Response(status: .rebootRequired),
                ChangeConfiguration.Response(status: .notSupported),
            ]
        ),
        ActionSamples(
            action: .clearCache,
            requests: [ClearCache.Request()],
            responses: [ClearCache.Response(status: .accepted), ClearCache.Response(status: .rejected)]
        ),
        ActionSamples(
            action: .dataTransfer,
            requests: [
                DataTransfer.Request(vendorId: "com.maxero"),
                DataTransfer.Request(vendorId: "com.maxero", messageId: "CableTemperature", data: #"{"connector":1,"celsius":41.5}"#),
                DataTransfer.Request(vendorId: "com.maxero", messageId: "Ping", data: ""),
            ],
            responses: [
                DataTransfer.Response(status: .accepted),
                DataTransfer.Response(status: .accepted, data: #"{"ok":true}"#),
                DataTransfer.Response(status: .rejected),
                DataTransfer.Response(status: .unknownMessageId),
                DataTransfer.Response(status: .unknownVendorId),
            ]
        ),
        ActionSamples(
            action: .getConfiguration,
            requests: [
                GetConfiguration.Request(),
                GetConfiguration.Request(key: ["HeartbeatInterval", "MeterValueSampleInterval", "VendorSpecificKey"]),
                GetConfiguration.Request(key: []),
            ],
            responses: [
                GetConfiguration.Response(),
                GetConfiguration.Response(
                    configurationKey: [
                        GetConfiguration.KeyValue(key: "HeartbeatInterval", readonly: false, value: "300"),
                        GetConfiguration.KeyValue(key: "NumberOfConnectors", readonly: true, value: "2"),
                        GetConfiguration.KeyValue(key: "AuthorizationKey", readonly: false),
                    ],
                    unknownKey: ["VendorSpecificKey"]
                ),
                GetConfiguration.Response(configurationKey: [], unknownKey: []),
            ]
        ),
        ActionSamples(
            action: .heartbeat,
            requests: [Heartbeat.Request()],
            responses: [Heartbeat.Response(currentTime: time)]
        ),
        ActionSamples(
            action: .remoteStopTransaction,
            requests: [RemoteStopTransaction.Request(transactionId: 42)],
            responses: [RemoteStopTransaction.Response(status: .accepted), RemoteStopTransaction.Response(status: .rejected)]
        ),
        ActionSamples(
            action: .reset,
            requests: [Reset.Request(type: .soft), Reset.Request(type: .hard)],
            responses: [Reset.Response(status: .accepted), Reset.Response(status: .rejected)]
        ),
        ActionSamples(
            action: .startTransaction,
            requests: [
                StartTransaction.Request(connectorId: 1, idTag: "04A1B2C3D4", meterStart: 0, timestamp: time),
                StartTransaction.Request(connectorId: 2, idTag: "04A1B2C3D4", meterStart: 1_532_050, reservationId: 17, timestamp: time),
            ],
            responses: [
                StartTransaction.Response(idTagInfo: IdTagInfo(status: .accepted), transactionId: 42),
                StartTransaction.Response(idTagInfo: fullIdTagInfo, transactionId: 43),
                StartTransaction.Response(idTagInfo: IdTagInfo(status: .invalid), transactionId: 44),
                StartTransaction.Response(idTagInfo: IdTagInfo(status: .concurrentTx, expiryDate: later), transactionId: 45),
            ]
        ),
        ActionSamples(
            action: .statusNotification,
            requests: [
                StatusNotification.Request(connectorId: 1, errorCode: .noError, status: .available),
                StatusNotification.Request(
                    connectorId: 2, errorCode: .highTemperature, info: "Cable temperature above 90 C", status: .faulted,
                    timestamp: time, vendorId: "com.maxero", vendorErrorCode: "E-TEMP-042"
                ),
                StatusNotification.Request(connectorId: 0, errorCode: .noError, status: .unavailable, timestamp: later),
                StatusNotification.Request(connectorId: 1, errorCode: .noError, status: .preparing, timestamp: time),
                StatusNotification.Request(connectorId: 1, errorCode: .noError, status: .charging, timestamp: time),
                StatusNotification.Request(connectorId: 1, errorCode: .noError, status: .suspendedEVSE, timestamp: time),
                StatusNotification.Request(connectorId: 1, errorCode: .evCommunicationError, status: .suspendedEV, timestamp: time),
                StatusNotification.Request(connectorId: 1, errorCode: .noError, status: .finishing, timestamp: later),
                StatusNotification.Request(connectorId: 2, errorCode: .noError, status: .reserved, timestamp: later),
            ],
            responses: [StatusNotification.Response()]
        ),
        ActionSamples(
            action: .stopTransaction,
            requests: [
                StopTransaction.Request(meterStop: 15_320, timestamp: later, transactionId: 42),
                StopTransaction.Request(
                    idTag: "04A1B2C3D4", meterStop: 1_547_370, timestamp: later, transactionId: 43, reason: .evDisconnected,
                    transactionData: [
                        MeterValue(timestamp: time, sampledValue: [
                            SampledValue(value: "1532050", context: .transactionBegin, format: .raw, measurand: .energyActiveImportRegister, location: .outlet, unit: .wh),
                            SampledValue(value: "398.5", context: .transactionBegin, measurand: .voltage, phase: .l1L2, location: .outlet, unit: .v),
                        ]),
                        MeterValue(timestamp: later, sampledValue: [
                            SampledValue(value: "1547.37", context: .transactionEnd, format: .raw, measurand: .energyActiveImportRegister, location: .outlet, unit: .kWh),
                            SampledValue(value: "80", context: .transactionEnd, measurand: .soc, location: .ev, unit: .percent),
                            SampledValue(value: "35.0", context: .transactionEnd, measurand: .temperature, location: .body, unit: .celcius),
                        ]),
                    ]
                ),
                StopTransaction.Request(idTag: "04A1B2C3D4", meterStop: 20_000, timestamp: later, transactionId: 44, reason: .local, transactionData: []),
                StopTransaction.Request(meterStop: 20_500, timestamp: later, transactionId: 45, reason: .deAuthorized),
            ],
            responses: [
                StopTransaction.Response(),
                StopTransaction.Response(idTagInfo: fullIdTagInfo),
                StopTransaction.Response(idTagInfo: IdTagInfo(status: .blocked)),
            ]
        ),
        ActionSamples(
            action: .unlockConnector,
            requests: [UnlockConnector.Request(connectorId: 1)],
            responses: [
                UnlockConnector.Response(status: .unlocked),
                UnlockConnector.Response(status: .unlockFailed),
                UnlockConnector.Response(status: .notSupported),
            ]
        ),
    ]
}
