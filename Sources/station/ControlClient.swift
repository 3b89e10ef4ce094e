// The HTTP/1.1 client of `station sim`: one request per connection to the control API, on a plain
// socket. Small on purpose: URLSession would load Foundation and ICU into every station process.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import OCPP

/// A client of the control API.
struct ControlClient {
    let host: String
    let port: String

    /// The control API's token (control.token), for a station that asks for one.
    let token = getenv("STATION_CONTROL_TOKEN").map { String(cString: $0) }

    /// `control` is HOST:PORT (`[::1]:8180` for IPv6).
    init(_ control: String) {
        let separator = control.lastIndex(of: ":") ?? control.endIndex
        host = String(control[..<separator]).trimmingBrackets
        port = separator == control.endIndex ? "80" : String(control[control.index(after: separator)...])
    }

    /// Sends the request; prints "ok" unless `quiet`; the answer's JSON (null when it has none).
    @discardableResult
    func request(_ method: String, _ path: String, _ body: JSONValue?, quiet: Bool = false) async throws -> JSONValue {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\nAccept: application/json\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        let content = body.map { Array(JSONWriter.string($0).utf8) } ?? []
        if body != nil { head += "Content-Type: application/json\r\n" }
        head += "Content-Length: \(content.count)\r\n\r\n"
        let response: [UInt8]
        do {
            response = try exchange(Array(head.utf8) + content)
        } catch {
            throw ValidationError("cannot reach the station's control API at \(host):\(port): \(error.description)")
        }
        let (status, payload) = try Self.parse(response)
        let answer = (try? JSONParser.parse(payload)) ?? .null
        guard (200..<300).contains(status) else {
            if case .string(let message)? = answer["error"] { throw ValidationError("\(status): \(message)") }
            throw ValidationError("HTTP \(status)")
        }
        if !quiet { print("ok") }
        return answer
    }

    /// A failed socket call, with the system's message.
    struct SocketFailure: Error {
        let description: String
        init(_ call: String, _ code: Int32) { description = "\(call): \(String(cString: strerror(code)))" }
    }

    /// Connects, writes `request`, and reads until the control API closes the connection.
    private func exchange(_ request: [UInt8]) throws(SocketFailure) -> [UInt8] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var addresses: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, port, &hints, &addresses)
        guard resolved == 0, let first = addresses else { throw SocketFailure("getaddrinfo \(host)", EHOSTUNREACH) }
        defer { freeaddrinfo(addresses) }
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        var descriptor: Int32 = -1
        var lastError: Int32 = ECONNREFUSED
        while let address = candidate, descriptor < 0 {
            descriptor = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            if descriptor >= 0, connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) != 0 {
                lastError = errno
                close(descriptor)
                descriptor = -1
            }
            candidate = address.pointee.ai_next
        }
        guard descriptor >= 0 else { throw SocketFailure("connect", lastError) }
        defer { close(descriptor) }
        var written = 0
        while written < request.count {
            let count = request[written...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else {
                if errno == EINTR { continue }
                throw SocketFailure("send", errno)
            }
            written += count
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return response }
            guard count > 0 else {
                if errno == EINTR { continue }
                throw SocketFailure("recv", errno)
            }
            response += buffer[..<count]
        }
    }

    /// The status code and the body (chunked transfer coding undone) of a whole response.
    static func parse(_ response: [UInt8]) throws -> (Int, [UInt8]) {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = response.indices.first(where: { response[$0...].starts(with: separator) }) else {
            throw ValidationError("the control API sent no complete HTTP answer")
        }
        let lines = String(decoding: response[..<end], as: UTF8.self).split(separator: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw ValidationError("the control API sent no HTTP status") }
        let chunked = lines.dropFirst().contains { $0.lowercased().hasPrefix("transfer-encoding:") && $0.lowercased().contains("chunked") }
        var body = Array(response[(end + separator.count)...])
        if chunked { body = dechunked(body) }
        return (status, body)
    }

    /// A chunked body's data.
    static func dechunked(_ body: [UInt8]) -> [UInt8] {
        var data: [UInt8] = []
        var position = 0
        while let lineEnd = body[position...].firstIndex(of: UInt8(ascii: "\r")) {
            let sizeText = String(decoding: body[position..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmed(of: " "), radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            guard start + size <= body.count else { break }
            data += body[start..<start + size]
            position = start + size + 2
            guard position < body.count else { break }
        }
        return data
    }
}

extension StringProtocol {
    /// Without `characters` at either end.
    fileprivate func trimmed(of characters: String) -> String {
        String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }

    /// An IPv6 literal's text without its brackets.
    fileprivate var trimmingBrackets: String { hasPrefix("[") && hasSuffix("]") ? String(dropFirst().dropLast()) : String(self) }
}
