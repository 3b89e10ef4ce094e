// Reads the YAML that configuration, board and meter files are written in: block mappings and
// sequences by indentation, flow collections (`{ a: 1 }`, `[x, y]`), plain and quoted scalars,
// comments. Anchors, tags, block scalars (| >) and multi-line plain scalars are refused with the
// line, so a file either reads as it would in any YAML parser or names what is not supported.

/// The reader of one document.
public struct YAMLReader {
    /// A line with content: its number, indentation, and text without indentation or comment.
    private struct Line {
        var number: Int
        var indent: Int
        var text: Substring
    }

    private var lines: [Line] = []
    private var index = 0

    /// The document in `text` (an empty document is the null node).
    public static func parse(_ text: String) throws(YAMLSyntaxError) -> YAMLNode {
        var reader = YAMLReader()
        try reader.split(text)
        guard !reader.lines.isEmpty else { return .null }
        let node = try reader.block()
        if reader.index < reader.lines.count {
            throw reader.failure(reader.lines[reader.index], "unexpected indentation or content")
        }
        return node
    }

    private mutating func split(_ text: String) throws(YAMLSyntaxError) {
        var number = 0
        // "\r\n" is one Character in Swift.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            let content = Self.withoutComment(raw)
            let body = content.drop { $0 == " " }
            guard let first = body.first else { continue }
            guard first != "\t" else { throw YAMLSyntaxError(line: number, "a tab in the indentation (YAML indents with spaces)") }
            var trimmed = body
            while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
            if content.count == body.count, trimmed == "---", lines.isEmpty { continue }
            if content.count == body.count, trimmed == "..." { break }
            if first == "%" { continue }
            guard trimmed != "---" else { throw YAMLSyntaxError(line: number, "more than one document") }
            lines.append(Line(number: number, indent: content.count - body.count, text: trimmed))
        }
    }

    /// `line` without its comment: from a `#` at the start or after a space, outside quotes.
    private static func withoutComment(_ line: Substring) -> Substring {
        var quote: Character?
        var previous: Character = " "
        var skip = false
        for position in line.indices {
            let character = line[position]
            defer { previous = character }
            if skip {
                skip = false
                continue
            }
            if let open = quote {
                if open == "\"", character == "\\" { skip = true } else if character == open { quote = nil }
            } else if character == "'", previous == "'" {
                quote = character  // '' inside a single-quoted scalar: the quote goes on
            } else if character == "\"" || character == "'", " \t[{,".contains(previous) {
                quote = character
            } else if character == "#", previous == " " || previous == "\t" {
                return line[..<position]
            }
        }
        return line
    }

    private func failure(_ line: Line, _ problem: String) -> YAMLSyntaxError {
        YAMLSyntaxError(line: line.number, problem)
    }

    private static func isItem(_ text: Substring) -> Bool { text == "-" || text.hasPrefix("- ") }

    /// The node that starts at the current line.
    private mutating func block() throws(YAMLSyntaxError) -> YAMLNode {
        let line = lines[index]
        if Self.isItem(line.text) { return try sequence(indent: line.indent) }
        if try key(line) != nil { return try mapping(indent: line.indent) }
        index += 1
        return try inline(line.text, line)
    }

    private mutating func sequence(indent: Int) throws(YAMLSyntaxError) -> YAMLNode {
        var items: [YAMLNode] = []
        while index < lines.count, lines[index].indent == indent, Self.isItem(lines[index].text) {
            let line = lines[index]
            let rest = line.text.dropFirst().drop { $0 == " " }
            if rest.isEmpty {
                index += 1
                if index < lines.count, lines[index].indent > indent { items.append(try block()) } else { items.append(.null) }
            } else {
                // The item's content reads as a line of its own at the column where it starts.
                lines[index] = Line(number: line.number, indent: indent + line.text.count - rest.count, text: rest)
                items.append(try block())
            }
        }
        return .sequence(items)
    }

    private mutating func mapping(indent: Int) throws(YAMLSyntaxError) -> YAMLNode {
        var entries: [YAMLEntry] = []
        while index < lines.count, lines[index].indent >= indent {
            let line = lines[index]
            guard line.indent == indent else { throw failure(line, "unexpected indentation") }
            guard let entry = try self.key(line) else { throw failure(line, "expected `key: value`") }
            let (key, rest) = entry
            guard !entries.contains(where: { $0.key == key }) else { throw failure(line, "the key '\(key)' appears twice") }
            index += 1
            let value: YAMLNode
            if !rest.isEmpty {
                value = try inline(rest, line)
            } else if index < lines.count, lines[index].indent > indent {
                value = try block()
            } else if index < lines.count, lines[index].indent == indent, Self.isItem(lines[index].text) {
                value = try sequence(indent: indent)
            } else {
                value = .null
            }
            entries.append(YAMLEntry(key, value))
        }
        return .mapping(entries)
    }

    /// The key and the rest of a `key: value` line, or nil when the line is not one.
    private func key(_ line: Line) throws(YAMLSyntaxError) -> (String, Substring)? {
        let text = line.text
        guard let first = text.first, first != "[", first != "{", !Self.isItem(text) else { return nil }
        if first == "?", text == "?" || text.hasPrefix("? ") { throw failure(line, "complex keys (?) are not supported") }
        if first == "\"" || first == "'" {
            var parser = YAMLFlowParser(text, line: line.number)
            let key = try parser.quoted()
            guard let rest = parser.afterColon() else { return nil }
            return (key, rest)
        }
        var position = text.startIndex
        while let colon = text[position...].firstIndex(of: ":") {
            let next = text.index(after: colon)
            if next == text.endIndex || text[next] == " " {
                var key = text[..<colon]
                while key.last == " " { key = key.dropLast() }
                return (String(key), text[next...].drop { $0 == " " })
            }
            position = next
        }
        return nil
    }

    /// A value written on its line: a flow collection (which may go on over the next lines until
    /// its brackets close), a quoted scalar or a plain one.
    private mutating func inline(_ text: Substring, _ line: Line) throws(YAMLSyntaxError) -> YAMLNode {
        guard let first = text.first else { return .null }
        switch first {
        case "{", "[":
            var whole = String(text)
            while !YAMLFlowParser.isClosed(whole), index < lines.count {
                whole += " " + lines[index].text
                index += 1
            }
            var parser = YAMLFlowParser(Substring(whole), line: line.number)
            let node = try parser.node(ending: [])
            try parser.end()
            return node
        case "\"", "'":
            var parser = YAMLFlowParser(text, line: line.number)
            let node = YAMLNode.scalar(YAMLScalar(try parser.quoted(), quoted: true))
            try parser.end()
            return node
        case "|", ">": throw failure(line, "block scalars (| and >) are not supported; write the value on one line")
        case "&", "*": throw failure(line, "anchors and aliases (& *) are not supported")
        case "!": throw failure(line, "tags (!) are not supported")
        case "@", "`": throw failure(line, "a plain value cannot start with \(first); quote it")
        default:
            if text.contains(": ") || text.hasSuffix(":") { throw failure(line, "a mapping is not allowed here (quote the value if it holds ': ')") }
            if index < lines.count, lines[index].indent > line.indent {
                throw failure(lines[index], "a value that goes on over several lines is not supported; write it on one line")
            }
            return .plain(String(text))
        }
    }
}
