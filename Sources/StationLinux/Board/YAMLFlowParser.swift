// The flow part of the YAML reader: `{ key: value, ... }` and `[a, b]` collections, and single-
// and double-quoted scalars with their escapes, read from one line's text (or several joined).

/// Reads flow nodes and quoted scalars from a piece of text.
struct YAMLFlowParser {
    private let text: [Character]
    private var position = 0
    private let line: Int

    init(_ text: Substring, line: Int) {
        self.text = Array(text)
        self.line = line
    }

    private func failure(_ problem: String) -> YAMLSyntaxError { YAMLSyntaxError(line: line, problem) }

    private var current: Character? { position < text.count ? text[position] : nil }

    private mutating func skipSpaces() {
        while let character = current, character == " " || character == "\t" { position += 1 }
    }

    /// Whether the brackets of a flow collection in `text` are all closed (outside quotes).
    static func isClosed(_ text: String) -> Bool {
        var depth = 0
        var quote: Character?
        var escaped = false
        var previous: Character = " "
        for character in text {
            defer { previous = character }
            if let open = quote {
                if escaped { escaped = false } else if open == "\"", character == "\\" { escaped = true } else if character == open { quote = nil }
                continue
            }
            switch character {
            case "\"", "'": if " \t[{,:".contains(previous) { quote = character }
            case "{", "[": depth += 1
            case "}", "]": depth -= 1
            default: break
            }
        }
        return depth <= 0
    }

    /// Nothing but spaces is left.
    mutating func end() throws(YAMLSyntaxError) {
        skipSpaces()
        if let character = current { throw failure("unexpected '\(character)' after the value") }
    }

    /// After a quoted key: the rest of the line after `:`, or nil when no `:` follows.
    mutating func afterColon() -> Substring? {
        skipSpaces()
        guard current == ":", position + 1 == text.count || text[position + 1] == " " else { return nil }
        position += 1
        skipSpaces()
        return Substring(String(text[position...]))
    }

    /// A node; a plain scalar ends before any of `ending` (or at the end of the text).
    mutating func node(ending: Set<Character>) throws(YAMLSyntaxError) -> YAMLNode {
        skipSpaces()
        switch current {
        case "{"?: return try mapping()
        case "["?: return try sequence()
        case "\""?, "'"?: return .scalar(YAMLScalar(try quoted(), quoted: true))
        case "&"?, "*"?, "!"?, "|"?, ">"?: throw failure("anchors, aliases, tags and block scalars are not supported")
        default: return .plain(plain(ending: ending, atColon: false))
        }
    }

    private mutating func mapping() throws(YAMLSyntaxError) -> YAMLNode {
        position += 1
        var entries: [YAMLEntry] = []
        while true {
            skipSpaces()
            if current == "}" { break }
            let key: String
            if current == "\"" || current == "'" {
                key = try quoted()
                skipSpaces()
            } else {
                key = plain(ending: [",", "}"], atColon: true)
            }
            guard !entries.contains(where: { $0.key == key }) else { throw failure("the key '\(key)' appears twice") }
            let value: YAMLNode
            if current == ":" {
                position += 1
                value = try node(ending: [",", "}"])
            } else {
                value = .null
            }
            entries.append(YAMLEntry(key, value))
            skipSpaces()
            if current == "," { position += 1; continue }
            guard current == "}" else { throw failure("expected ',' or '}' in a flow mapping") }
            break
        }
        position += 1
        return .mapping(entries)
    }

    private mutating func sequence() throws(YAMLSyntaxError) -> YAMLNode {
        position += 1
        var items: [YAMLNode] = []
        while true {
            skipSpaces()
            if current == "]" { break }
            items.append(try node(ending: [",", "]"]))
            skipSpaces()
            if current == "," { position += 1; continue }
            guard current == "]" else { throw failure("expected ',' or ']' in a flow sequence") }
            break
        }
        position += 1
        return .sequence(items)
    }

    /// A plain scalar up to one of `ending`, or (for a key) up to a `:` followed by a space, an
    /// ending or the end; trailing spaces are not part of it.
    private mutating func plain(ending: Set<Character>, atColon: Bool) -> String {
        let start = position
        while let character = current, !ending.contains(character) {
            if atColon, character == ":" {
                let next = position + 1 < text.count ? text[position + 1] : nil
                if next == nil || next == " " || ending.contains(next!) { break }
            }
            position += 1
        }
        var end = position
        while end > start, text[end - 1] == " " || text[end - 1] == "\t" { end -= 1 }
        return String(text[start..<end])
    }

    /// A single- or double-quoted scalar starting at the current character.
    mutating func quoted() throws(YAMLSyntaxError) -> String {
        let quote = text[position]
        position += 1
        var value = ""
        while let character = current {
            position += 1
            if character == quote {
                guard quote == "'", current == "'" else { return value }
                position += 1
                value.append("'")
            } else if quote == "\"", character == "\\" {
                value.append(try escape())
            } else {
                value.append(character)
            }
        }
        throw failure("a quoted value is not closed on its line")
    }

    private mutating func escape() throws(YAMLSyntaxError) -> Character {
        guard let character = current else { throw failure("a backslash at the end of a quoted value") }
        position += 1
        switch character {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "0": return "\0"
        case "\"", "\\", "/", " ": return character
        case "x", "u", "U":
            let digits = character == "x" ? 2 : character == "u" ? 4 : 8
            guard position + digits <= text.count, let code = UInt32(String(text[position..<position + digits]), radix: 16),
                  let scalar = Unicode.Scalar(code)
            else { throw failure("a bad \\\(character) escape") }
            position += digits
            return Character(scalar)
        default:
            throw failure("an unknown escape \\\(character)")
        }
    }
}
