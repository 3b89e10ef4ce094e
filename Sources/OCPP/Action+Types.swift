// Which typed request and response belong to each action: the one table the frame decoder uses
// to turn an action name into a payload type.

extension Action {
    /// The typed request of this action.
    public var requestType: any OCPPRequest.Type {
        switch self {
        case .authorize: Authorize.Request.self
        case .bootNotification: BootNotification.Request.self
        case .changeAvailability: ChangeAvailability.Request.self
        case .changeConfiguration: ChangeConfiguration.Request.self
        case .clearCache: ClearCache.Request.self
        case .dataTransfer: DataTransfer.Request.self
        case .getConfiguration: GetConfiguration.Request.self
        case .heartbeat: Heartbeat.Request.self
        case .meterValues: MeterValues.Request.self
        case .remoteStartTransaction: RemoteStartTransaction.Request.self
        case .remoteStopTransaction: RemoteStopTransaction.Request.self
        case .reset: Reset.Request.self
        case .startTransaction: StartTransaction.Request.self
        case .statusNotification: StatusNotification.Request.self
        case .stopTransaction: StopTransaction.Request.self
        case .unlockConnector: UnlockConnector.Request.self
        case .diagnosticsStatusNotification: DiagnosticsStatusNotification.Request.self
        case .firmwareStatusNotification: FirmwareStatusNotification.Request.self
        case .getDiagnostics: GetDiagnostics.Request.self
        case .updateFirmware: UpdateFirmware.Request.self
        case .getLocalListVersion: GetLocalListVersion.Request.self
        case .sendLocalList: SendLocalList.Request.self
        case .cancelReservation: CancelReservation.Request.self
        case .reserveNow: ReserveNow.Request.self
        case .clearChargingProfile: ClearChargingProfile.Request.self
        case .getCompositeSchedule: GetCompositeSchedule.Request.self
        case .setChargingProfile: SetChargingProfile.Request.self
        case .triggerMessage: TriggerMessage.Request.self
        case .certificateSigned: CertificateSigned.Request.self
        case .deleteCertificate: DeleteCertificate.Request.self
        case .extendedTriggerMessage: ExtendedTriggerMessage.Request.self
        case .getInstalledCertificateIds: GetInstalledCertificateIds.Request.self
        case .getLog: GetLog.Request.self
        case .installCertificate: InstallCertificate.Request.self
        case .logStatusNotification: LogStatusNotification.Request.self
        case .securityEventNotification: SecurityEventNotification.Request.self
        case .signCertificate: SignCertificate.Request.self
        case .signedFirmwareStatusNotification: SignedFirmwareStatusNotification.Request.self
        case .signedUpdateFirmware: SignedUpdateFirmware.Request.self
        }
    }

    /// The typed response of this action.
    public var responseType: any OCPPPayload.Type {
        func response<R: OCPPRequest>(of request: R.Type) -> any OCPPPayload.Type { R.Response.self }
        return response(of: requestType)
    }
}
