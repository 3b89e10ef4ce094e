// Read-only views of the station for the dashboard and the control API: the configuration keys
// as GetConfiguration reports them, the installed charging profiles, the composite schedule and
// the firmware and diagnostics progress. None of them changes the station.

public import OCPP

extension Station {
    /// Every configuration key with its value, as GetConfiguration without keys reports them
    /// (write-only keys such as AuthorizationKey without their value).
    public var configurationReport: GetConfiguration.Response { configuration.report(nil) }

    /// The installed charging profiles, each with the connector it is installed on.
    public var installedChargingProfiles: ChargingProfileSet { smartCharging.profiles }

    /// The composite schedule of `connectorId` from now for `durationSeconds`, in `unit`, exactly
    /// as GetCompositeSchedule would answer it (Rejected for an unknown connector).
    public func compositeSchedule(connectorId: Int, durationSeconds: Int, unit: ChargingRateUnit?) -> GetCompositeSchedule.Response {
        smartCharging.compositeSchedule(
            GetCompositeSchedule.Request(connectorId: connectorId, duration: durationSeconds, chargingRateUnit: unit), in: smartChargingContext
        )
    }

    /// The firmware update and the diagnostics upload in progress.
    public var fileTransferProgress: FileTransferProgress {
        FileTransferProgress(
            firmwareStatus: firmware.status, firmwareLocation: firmware.update?.location, firmwareRetrieveDate: firmware.update?.retrieveDate,
            firmwareAttemptsLeft: firmware.update?.attemptsLeft, firmwarePhase: firmware.update?.phase.rawValue,
            installedVersion: firmware.installedVersion, diagnosticsStatus: diagnostics.status, diagnosticsLocation: diagnostics.upload?.location,
            diagnosticsAttemptsLeft: diagnostics.upload?.attemptsLeft
        )
    }
}

/// The firmware update and the diagnostics upload of a station, as the dashboard shows them.
public struct FileTransferProgress: Sendable, Equatable {
    /// What a triggered FirmwareStatusNotification would report now.
    public var firmwareStatus: FirmwareStatusNotification.FirmwareStatus
    /// The update's image URL, while an update is in progress.
    public var firmwareLocation: String?
    /// When the download starts (or started).
    public var firmwareRetrieveDate: Timestamp?
    /// Download attempts left.
    public var firmwareAttemptsLeft: Int?
    /// The update's step: scheduled, downloading, downloaded, installing, installed.
    public var firmwarePhase: String?
    /// The firmware version the installer reports, once read.
    public var installedVersion: String?
    /// What a triggered DiagnosticsStatusNotification would report now.
    public var diagnosticsStatus: DiagnosticsStatusNotification.DiagnosticsStatus
    /// Where the diagnostics archive goes, while an upload is in progress.
    public var diagnosticsLocation: String?
    /// Upload attempts left.
    public var diagnosticsAttemptsLeft: Int?
}
