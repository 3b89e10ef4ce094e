// The fixed facts of a device model variable (OCPP 2.0.1 VariableCharacteristicsType): its data
// type, unit, limits and allowed values, and the check of a value written to it.

import struct OCPP.Timestamp

/// The data type of a variable's values (OCPP 2.0.1 DataEnumType).
public enum VariableDataType: String, Sendable, CaseIterable, Hashable {
    case string
    case decimal
    case integer
    case dateTime
    case boolean
    /// One value of `valuesList`.
    case optionList = "OptionList"
    /// An ordered, comma-separated list of values of `valuesList`.
    case sequenceList = "SequenceList"
    /// A comma-separated set of values of `valuesList`.
    case memberList = "MemberList"
}

/// What is wrong with a value written to a variable.
public enum ValueProblem: Hashable, Sendable, CustomStringConvertible {
    /// Not a value of the variable's data type.
    case wrongDataType(VariableDataType)
    /// A number below `minLimit`.
    case belowMinimum(Double)
    /// A number above `maxLimit`.
    case aboveMaximum(Double)
    /// A string longer than the variable's `maxLimit` (for strings the limit is a length).
    case tooLong(Int)
    /// A list entry (or an option) that is not in `valuesList`.
    case notAllowed(String)

    public var description: String {
        switch self {
        case .wrongDataType(let type): "is not a value of type \(type.rawValue)"
        case .belowMinimum(let limit): "is below the minimum \(limit)"
        case .aboveMaximum(let limit): "is above the maximum \(limit)"
        case .tooLong(let limit): "is longer than \(limit) characters"
        case .notAllowed(let entry): "'\(entry)' is not one of the allowed values"
        }
    }
}

/// The characteristics of a variable.
public struct VariableCharacteristics: Hashable, Sendable {
    /// The data type of every attribute's value.
    public var dataType: VariableDataType
    /// The unit of a numeric value (`s`, `W`, `A`, ...).
    public var unit: String?
    /// The lowest number, or for a string nothing.
    public var minLimit: Double?
    /// The highest number, or for a string its longest length.
    public var maxLimit: Double?
    /// The allowed values of an OptionList, SequenceList or MemberList.
    public var valuesList: [String]?
    /// Whether monitors may be set on the variable.
    public var supportsMonitoring: Bool

    /// Creates the characteristics.
    public init(
        dataType: VariableDataType, unit: String? = nil, minLimit: Double? = nil, maxLimit: Double? = nil,
        valuesList: [String]? = nil, supportsMonitoring: Bool = false
    ) {
        self.dataType = dataType
        self.unit = unit
        self.minLimit = minLimit
        self.maxLimit = maxLimit
        self.valuesList = valuesList
        self.supportsMonitoring = supportsMonitoring
    }

    /// Checks `text` against the data type, limits and values list; nil when it fits.
    ///
    /// Choices the specification leaves open: booleans are `true` or `false` in lower case; list
    /// entries are separated by commas without spaces and compared exactly; an empty MemberList or
    /// SequenceList is allowed (it selects nothing), an empty OptionList is not.
    public func problem(with text: String) -> ValueProblem? {
        switch dataType {
        case .string:
            if let maxLimit, text.unicodeScalars.count > Int(maxLimit) { return .tooLong(Int(maxLimit)) }
            // For strings minLimit is the least length (SecurityCtrlr.BasicAuthPassword: 16).
            if let minLimit, text.unicodeScalars.count < Int(minLimit) { return .belowMinimum(minLimit) }
            return nil
        case .integer:
            guard let number = Int(text) else { return .wrongDataType(.integer) }
            return bounds(Double(number))
        case .decimal:
            guard let number = Double(text), number.isFinite else { return .wrongDataType(.decimal) }
            return bounds(number)
        case .boolean:
            return text == "true" || text == "false" ? nil : .wrongDataType(.boolean)
        case .dateTime:
            return Timestamp(rfc3339: text) == nil ? .wrongDataType(.dateTime) : nil
        case .optionList:
            return allowed(text) ? nil : .notAllowed(text)
        case .sequenceList, .memberList:
            guard !text.isEmpty else { return nil }
            let entries = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if dataType == .memberList, Set(entries).count != entries.count { return .wrongDataType(.memberList) }
            return entries.first(where: { !allowed($0) }).map(ValueProblem.notAllowed)
        }
    }

    private func bounds(_ number: Double) -> ValueProblem? {
        if let minLimit, number < minLimit { return .belowMinimum(minLimit) }
        if let maxLimit, number > maxLimit { return .aboveMaximum(maxLimit) }
        return nil
    }

    private func allowed(_ entry: String) -> Bool {
        guard let valuesList else { return !entry.isEmpty }
        return valuesList.contains(entry)
    }
}
