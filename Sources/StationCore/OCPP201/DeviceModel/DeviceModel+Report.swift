// The base reports of the device model (OCPP 2.0.1 use case B07, GetBaseReport) and the split of
// a report into NotifyReport messages by ItemsPerMessage and BytesPerMessage.

/// Which predefined report (OCPP 2.0.1 ReportBaseEnumType).
public enum ReportBase: String, Sendable, CaseIterable, Hashable {
    /// Every variable the operator can set (an attribute that is ReadWrite or WriteOnly).
    case configurationInventory = "ConfigurationInventory"
    /// Every variable.
    case fullInventory = "FullInventory"
    /// The variables about availability and problems: AvailabilityState, Problem, Tripped,
    /// Overload and Fallback wherever the model has them.
    case summaryInventory = "SummaryInventory"
}

/// One variable as a report lists it (OCPP 2.0.1 ReportDataType).
public struct ReportEntry: Hashable, Sendable {
    /// The component and variable.
    public var key: VariableKey
    /// The attributes in order; a WriteOnly attribute's value is left out.
    public var attributes: [ReportedAttribute]
    /// The variable's characteristics.
    public var characteristics: VariableCharacteristics
}

/// One attribute in a report (OCPP 2.0.1 VariableAttributeType).
public struct ReportedAttribute: Hashable, Sendable {
    /// Which attribute.
    public var kind: AttributeKind
    /// The value; nil when unset or WriteOnly.
    public var value: String?
    /// Who may read or write it.
    public var mutability: Mutability
    /// Whether it survives a reboot.
    public var persistent: Bool
    /// Whether it never changes.
    public var constant: Bool
}

extension DeviceModel {
    /// The variable names a summary inventory lists.
    public static let summaryVariableNames: Set<String> = ["AvailabilityState", "Problem", "Tripped", "Overload", "Fallback"]

    /// The entries of a base report, in the model's order. An empty result is answered
    /// EmptyResultSet by GetBaseReport.
    public func report(_ base: ReportBase, reportingValueSize: Int? = nil) -> [ReportEntry] {
        variables.filter { variable in
            switch base {
            case .fullInventory: true
            case .configurationInventory: variable.attributes.values.contains { $0.mutability != .readOnly }
            case .summaryInventory: Self.summaryVariableNames.contains(variable.key.variable.name)
            }
        }.map { entry(for: $0, reportingValueSize: reportingValueSize) }
    }

    /// The entry of one variable.
    public func entry(for variable: DeviceVariable, reportingValueSize: Int? = nil) -> ReportEntry {
        let attributes = variable.orderedAttributes.map { kind, attribute in
            var value = attribute.mutability == .writeOnly ? nil : attribute.value
            if let limit = reportingValueSize, let text = value, text.unicodeScalars.count > limit {
                var cut = String.UnicodeScalarView()
                cut.append(contentsOf: text.unicodeScalars.prefix(limit))
                value = String(cut)
            }
            return ReportedAttribute(kind: kind, value: value, mutability: attribute.mutability, persistent: attribute.persistent, constant: attribute.constant)
        }
        return ReportEntry(key: variable.key, attributes: attributes, characteristics: variable.characteristics)
    }
}

/// Splits a report into the parts of consecutive NotifyReport messages (seqNo 0, 1, ...; `tbc`
/// true on every part but the last). A pure function of its inputs.
public enum ReportParts {
    /// Splits `entries` so that each part holds at most `itemsPerMessage` entries and, counting
    /// `overhead` bytes for the message around them, at most `bytesPerMessage` bytes as `size`
    /// measures each entry. An entry too large for any message on its own still goes alone in a
    /// part (the specification has no way to refuse it; the CSMS sees the oversized part). No
    /// entries give one empty part, so that a report always has a final message.
    public static func split<Entry>(
        _ entries: [Entry], itemsPerMessage: Int, bytesPerMessage: Int, overhead: Int = 0, size: (Entry) -> Int
    ) -> [[Entry]] {
        let itemLimit = max(1, itemsPerMessage)
        var parts: [[Entry]] = []
        var current: [Entry] = []
        var bytes = overhead
        for entry in entries {
            let entrySize = size(entry)
            if !current.isEmpty, current.count == itemLimit || bytes + entrySize > bytesPerMessage {
                parts.append(current)
                current = []
                bytes = overhead
            }
            current.append(entry)
            bytes += entrySize
        }
        parts.append(current)
        return parts
    }
}
