// Sample payloads of the Firmware Management profile's actions.

import OCPP

extension Samples {
    static let firmware: [ActionSamples] = [
        ActionSamples(
            action: .diagnosticsStatusNotification,
            requests: [
                DiagnosticsStatusNotification.Request(status: .idle),
                DiagnosticsStatusNotification.Request(status: .uploading),
                DiagnosticsStatusNotification.Request(status: .uploaded),
                DiagnosticsStatusNotification.Request(status: .uploadFailed),
            ],
            responses: [DiagnosticsStatusNotification.Response()]
        ),
        ActionSamples(
            action: .firmwareStatusNotification,
            requests: [
                FirmwareStatusNotification.Request(status: .idle),
                FirmwareStatusNotification.Request(status: .downloading),
                FirmwareStatusNotification.Request(status: .downloaded),
                FirmwareStatusNotification.Request(status: .downloadFailed),
                FirmwareStatusNotification.Request(status: .installing),
                FirmwareStatusNotification.Request(status: .installed),
                FirmwareStatusNotification.Request(status: .installationFailed),
            ],
            responses: [FirmwareStatusNotification.Response()]
        ),
        ActionSamples(
            action: .getDiagnostics,
            requests: [
                GetDiagnostics.Request(location: "ftp://diagnostics.example.com/uploads/"),
                GetDiagnostics.Request(
                    location: "https://diagnostics.example.com/upload?station=MX200-000123", retries: 3, retryInterval: 60,
                    startTime: time, stopTime: later
                ),
            ],
            responses: [
                GetDiagnostics.Response(),
                GetDiagnostics.Response(fileName: "MX200-000123-diagnostics-20261121T101530Z.tar.gz"),
            ]
        ),
        ActionSamples(
            action: .updateFirmware,
            requests: [
                UpdateFirmware.Request(location: "https://firmware.example.com/maxero/200QC-1.5.0.bin", retrieveDate: time),
                UpdateFirmware.Request(
                    location: "ftp://firmware.example.com/maxero/200QC-1.5.0.bin", retries: 5, retrieveDate: later, retryInterval: 120
                ),
            ],
            responses: [UpdateFirmware.Response()]
        ),
    ]
}
