// The points at which an OCPP 2.0.1 transaction starts or stops (TxCtrlr.TxStartPoint and
// TxCtrlr.TxStopPoint), read from the device model as types.

/// A moment in a charging session that can start or stop a transaction (OCPP 2.0.1 Part 2,
/// E01/E06 "TxStartPoint values").
public enum TransactionPoint: String, Sendable, CaseIterable, Hashable {
    case parkingBayOccupancy = "ParkingBayOccupancy"
    case evConnected = "EVConnected"
    case authorized = "Authorized"
    case dataSigned = "DataSigned"
    case powerPathClosed = "PowerPathClosed"
    case energyTransfer = "EnergyTransfer"
}

extension DeviceModel {
    /// TxCtrlr.TxStartPoint as points; entries the model does not know are left out.
    public var transactionStartPoints: Set<TransactionPoint> { points(.txStartPoint) }

    /// TxCtrlr.TxStopPoint as points; entries the model does not know are left out.
    public var transactionStopPoints: Set<TransactionPoint> { points(.txStopPoint) }

    private func points(_ key: VariableKey) -> Set<TransactionPoint> {
        guard let text = value(key), !text.isEmpty else { return [] }
        return Set(text.split(separator: ",").compactMap { TransactionPoint(rawValue: String($0)) })
    }
}
