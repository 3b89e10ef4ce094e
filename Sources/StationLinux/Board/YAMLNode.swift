// One node of a YAML document as the station's files use them (mappings, sequences, scalars),
// and the syntax error of a file that is not such a document. Read by YAMLReader.

/// A scalar: its text, and whether it was quoted (a quoted scalar is always a string, never a
/// null or a boolean).
public struct YAMLScalar: Sendable, Equatable {
    /// The text, with quotes removed and escapes resolved.
    public var text: String
    /// Written in single or double quotes.
    public var quoted: Bool

    /// Creates a scalar.
    public init(_ text: String, quoted: Bool = false) {
        self.text = text
        self.quoted = quoted
    }

    /// YAML's null: an empty plain value, `~` or `null` (as the YAML 1.2 core schema and Yams read it).
    public var isNull: Bool {
        !quoted && (text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL")
    }
}

/// One key and its value in a mapping, in the order of the file.
public struct YAMLEntry: Sendable, Equatable {
    /// The key (a scalar's text).
    public var key: String
    /// The value.
    public var value: YAMLNode

    /// Creates an entry.
    public init(_ key: String, _ value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A YAML node.
public enum YAMLNode: Sendable, Equatable {
    case scalar(YAMLScalar)
    case mapping([YAMLEntry])
    case sequence([YAMLNode])

    /// The null node (an empty value).
    public static var null: YAMLNode { .scalar(YAMLScalar("")) }

    /// A plain scalar.
    public static func plain(_ text: String) -> YAMLNode { .scalar(YAMLScalar(text)) }

    /// Whether this is YAML's null.
    public var isNull: Bool {
        if case .scalar(let scalar) = self { scalar.isNull } else { false }
    }
}

/// Text that is not a YAML document of the supported kind: where and why.
public struct YAMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line (1-based).
    public var line: Int
    /// What is wrong.
    public var problem: String

    /// Creates the error.
    public init(line: Int, _ problem: String) {
        self.line = line
        self.problem = problem
    }

    public var description: String { "line \(line): \(problem)" }
}
