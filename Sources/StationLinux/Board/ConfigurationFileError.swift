// A hardware description file (board or meter map) that cannot be used: one message naming the
// file, the key and what was expected, so start-up stops with something a technician can fix.

import FoundationEssentials

/// A board or meter description file that is missing or wrong.
public struct ConfigurationFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// The key path within it (`connectors[1].meter.address`), empty for the whole file.
    public var key: String
    /// What was wrong and what was expected.
    public var problem: String

    /// Creates the error.
    public init(path: String, key: String, problem: String) {
        self.path = path
        self.key = key
        self.problem = problem
    }

    public var description: String {
        key.isEmpty ? "\(path): \(problem)" : "\(path): \(key): \(problem)"
    }

    /// Reads and decodes the YAML file at `path` as `T`.
    public static func decodeYAML<T: Decodable>(_ type: T.Type, path: String) throws(ConfigurationFileError) -> T {
        let text: String
        do {
            text = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
        } catch {
            throw ConfigurationFileError(path: path, key: "", problem: "cannot read the file (\(error))")
        }
        do {
            return try YAMLNodeDecoder().decode(T.self, from: text)
        } catch let error as DecodingError {
            throw ConfigurationFileError(decoding: error, path: path)
        } catch {
            throw ConfigurationFileError(path: path, key: "", problem: "not valid YAML: \(error)")
        }
    }

    private init(decoding error: DecodingError, path: String) {
        func keyPath(_ codingPath: [any CodingKey]) -> String {
            codingPath.reduce(into: "") { result, key in
                if let index = key.intValue {
                    result += "[\(index)]"
                } else {
                    result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(path: path, key: keyPath(context.codingPath + [key]), problem: "missing; expected a value")
        case .typeMismatch(let type, let context):
            self.init(path: path, key: keyPath(context.codingPath), problem: "expected \(type): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            self.init(path: path, key: keyPath(context.codingPath), problem: "empty; expected \(type)")
        case .dataCorrupted(let context):
            self.init(path: path, key: keyPath(context.codingPath), problem: context.debugDescription)
        @unknown default:
            self.init(path: path, key: "", problem: "\(error)")
        }
    }
}
