// OCPP 2.0.1 B Provisioning requests answered from the device model: GetVariables (B06),
// SetVariables (B05) and GetBaseReport (B07) with its NotifyReport parts. Pure functions: the
// owner sends the answers and messages and stores the persistent values.

public import OCPP201
public import struct OCPP.Timestamp
public import struct OCPP.BoundedString
public import struct OCPP.MessageId
public import enum OCPP.JSONWriter

/// An answer to a CSMS request: the response, or the CALLERROR to send instead.
public enum ProvisioningAnswer<Response: Sendable>: Sendable {
    case response(Response)
    case callError(CallErrorCode, String)
}

/// Answers the device model requests of functional block B.
///
/// Our reading of the limits: more items than DeviceDataCtrlr.ItemsPerMessage<Request> is refused
/// with OccurrenceConstraintViolation, a frame longer than BytesPerMessage<Request> with
/// FormatViolation. The reason codes of rejected items are ReadOnly, WriteOnly, TooLargeElement,
/// InvalidValue, ValueTooLow and ValueTooHigh, with the details in additionalInfo.
public enum ProvisioningService {
    /// The answer to GetVariables; `frameBytes` is the length of the received CALL frame.
    public static func answer(_ request: GetVariables.Request, frameBytes: Int, model: DeviceModel) -> ProvisioningAnswer<GetVariables.Response> {
        if let refusal: ProvisioningAnswer<GetVariables.Response> = limitRefusal(
            count: request.getVariableData.count, frameBytes: frameBytes, model: model, itemsLimit: .itemsPerMessageGetVariables, bytesLimit: .bytesPerMessageGetVariables
        ) {
            return refusal
        }
        let items = request.getVariableData.map {
            GetVariableItem(VariableKey(ComponentReference($0.component), VariableReference($0.variable)), attribute: AttributeKind($0.attributeType))
        }
        let outcomes = model.get(items, reportingValueSize: model.integer(.reportingValueSize))
        let results = zip(request.getVariableData, outcomes).map { data, outcome in
            var result = GetVariables.GetVariableResult(attributeStatus: .accepted, attributeType: data.attributeType, component: data.component, variable: data.variable)
            switch outcome {
            case .accepted(let value): result.attributeValue = value.map(BoundedString.init(cutting:))
            case .rejected:
                result.attributeStatus = .rejected
                result.attributeStatusInfo = StatusInfo(reasonCode: "WriteOnly", additionalInfo: "the variable can be set but not read")
            case .unknownComponent: result.attributeStatus = .unknownComponent
            case .unknownVariable: result.attributeStatus = .unknownVariable
            case .notSupportedAttributeType: result.attributeStatus = .notSupportedAttributeType
            }
            return result
        }
        return .response(GetVariables.Response(getVariableResult: results))
    }

    /// The answer to SetVariables and the values to store; `model` is changed by accepted items.
    public static func answer(
        _ request: SetVariables.Request, frameBytes: Int, model: inout DeviceModel
    ) -> (answer: ProvisioningAnswer<SetVariables.Response>, stored: [StoredVariableValue]) {
        if let refusal: ProvisioningAnswer<SetVariables.Response> = limitRefusal(
            count: request.setVariableData.count, frameBytes: frameBytes, model: model, itemsLimit: .itemsPerMessageSetVariables, bytesLimit: .bytesPerMessageSetVariables
        ) {
            return (refusal, [])
        }
        let items = request.setVariableData.map {
            SetVariableItem(VariableKey(ComponentReference($0.component), VariableReference($0.variable)), attribute: AttributeKind($0.attributeType), value: $0.attributeValue.value)
        }
        let (outcomes, stored) = model.set(items, configurationValueSize: model.integer(.configurationValueSize))
        let results = zip(request.setVariableData, outcomes).map { data, outcome in
            var result = SetVariables.SetVariableResult(attributeType: data.attributeType, attributeStatus: .accepted, component: data.component, variable: data.variable)
            switch outcome {
            case .accepted: break
            case .rebootRequired: result.attributeStatus = .rebootRequired
            case .rejected(let reason):
                result.attributeStatus = .rejected
                result.attributeStatusInfo = statusInfo(reason)
            case .unknownComponent: result.attributeStatus = .unknownComponent
            case .unknownVariable: result.attributeStatus = .unknownVariable
            case .notSupportedAttributeType: result.attributeStatus = .notSupportedAttributeType
            }
            return result
        }
        return (.response(SetVariables.Response(setVariableResult: results)), stored)
    }

    /// The answer to GetBaseReport and the NotifyReport requests to send after it (none when the
    /// report is empty: the answer is EmptyResultSet). Parts hold at most ItemsPerMessage<GetReport>
    /// entries and, as CALL frames, at most BytesPerMessage<GetReport> bytes.
    public static func answer(_ request: GetBaseReport.Request, model: DeviceModel, generatedAt: Timestamp) -> (response: GetBaseReport.Response, reports: [NotifyReport.Request]) {
        let base: ReportBase = switch request.reportBase {
        case .configurationInventory: .configurationInventory
        case .fullInventory: .fullInventory
        case .summaryInventory: .summaryInventory
        }
        let entries = model.report(base, reportingValueSize: model.integer(.reportingValueSize)).map(\.wire)
        guard !entries.isEmpty else { return (GetBaseReport.Response(status: .emptyResultSet), []) }
        // The frame around the entries: the longest message id, tbc and the highest seqNo we could need.
        let empty = NotifyReport.Request(requestId: request.requestId, generatedAt: generatedAt, reportData: [], tbc: false, seqNo: entries.count)
        let overhead = FrameEncoder.call(id: MessageId(String(repeating: "m", count: MessageId.maximumLength)), request: empty).utf8.count
        // Each entry adds its JSON text and a comma to the frame.
        let parts = ReportParts.split(
            entries, itemsPerMessage: model.integer(.itemsPerMessageGetReport) ?? 100, bytesPerMessage: model.integer(.bytesPerMessageGetReport) ?? 65_000,
            overhead: overhead
        ) { JSONWriter.string(FrameEncoder.payload($0)).utf8.count + 1 }
        let reports = parts.enumerated().map { index, part in
            NotifyReport.Request(requestId: request.requestId, generatedAt: generatedAt, reportData: part, tbc: index < parts.count - 1, seqNo: index)
        }
        return (GetBaseReport.Response(status: .accepted), reports)
    }

    private static func limitRefusal<R>(count: Int, frameBytes: Int, model: DeviceModel, itemsLimit: VariableKey, bytesLimit: VariableKey) -> ProvisioningAnswer<R>? {
        if let limit = model.integer(itemsLimit), count > limit {
            return .callError(.occurrenceConstraintViolation, "\(count) items, at most \(limit) (DeviceDataCtrlr \(itemsLimit.variable))")
        }
        if let limit = model.integer(bytesLimit), frameBytes > limit {
            return .callError(.formatViolation, "\(frameBytes) bytes, at most \(limit) (DeviceDataCtrlr \(bytesLimit.variable))")
        }
        return nil
    }

    private static func statusInfo(_ reason: SetVariableRejection) -> StatusInfo {
        let code: BoundedString<20>
        switch reason {
        case .readOnly, .constant: code = "ReadOnly"
        case .tooLong: code = "TooLargeElement"
        case .invalidValue(.belowMinimum): code = "ValueTooLow"
        case .invalidValue(.aboveMaximum): code = "ValueTooHigh"
        case .invalidValue(.tooLong): code = "TooLargeElement"
        case .invalidValue: code = "InvalidValue"
        }
        let detail: String = switch reason {
        case .readOnly: "the variable is read-only"
        case .constant: "the variable is constant"
        case .tooLong(let limit): "the value is longer than ConfigurationValueSize (\(limit))"
        case .invalidValue(let problem): "the value \(problem)"
        }
        return StatusInfo(reasonCode: code, additionalInfo: BoundedString(cutting: detail))
    }
}
