// Who may use the control server. On loopback it is open, as before; listening anywhere else
// (a board on a service network), every route except /metrics asks for the configured token,
// and a missing or wrong token is refused with 401.
//
// Rule: only the hosts 127.0.0.1, ::1 and localhost are loopback here. Any other host, including
// 0.0.0.0 and other 127.x.y.z addresses, counts as "elsewhere" and needs `control.token`; this
// keeps the rule simple to state and lets a test exercise it on 127.0.0.2. A token, once
// configured, is asked for on loopback too. The token goes in `Authorization: Bearer TOKEN`; a
// browser's EventSource cannot set headers, so `?token=TOKEN` in the query is accepted too.

import Hummingbird
public import StationLinux

/// The control server's access rule.
public struct ControlAccess: Sendable, Equatable {
    /// The token every route but `/metrics` asks for; nil when the server is open.
    public let token: String?

    /// The open server (loopback without a token).
    public static let open = ControlAccess(checkedToken: nil)

    private init(checkedToken: String?) {
        token = checkedToken
    }

    /// The rule for a server listening on `host` with `token` configured (`control.token`);
    /// throws when `host` is not loopback and no token is configured.
    public init(host: String, token: String?, configurationPath: String) throws(ConfigurationFileError) {
        let token = token.flatMap { $0.isEmpty ? nil : $0 }
        if token == nil, !Self.isLoopback(host) {
            throw ConfigurationFileError(
                path: configurationPath, key: "control.token",
                problem: "missing; the control API listens on \(host), not on loopback (127.0.0.1, ::1, localhost), so it needs a token"
            )
        }
        self.token = token
    }

    /// Whether `host` is one of the loopback names this rule accepts without a token.
    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host.lowercased())
    }

    /// Whether `request` may go through: always for `/metrics`, else with the token.
    func allows(_ request: Request) -> Bool {
        guard let token, request.uri.path != "/metrics" else { return true }
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            return Self.equal(String(header.dropFirst("Bearer ".count)), token)
        }
        if let query = request.uri.queryParameters.get("token") { return Self.equal(query, token) }
        return false
    }

    /// Compares without stopping at the first difference, so the time taken does not tell how
    /// much of a guess was right.
    static func equal(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8), b = Array(expected.utf8)
        var difference = a.count ^ b.count
        for index in 0..<min(a.count, b.count) { difference |= Int(a[index] ^ b[index]) }
        return difference == 0
    }
}

/// Refuses requests that ``ControlAccess`` does not allow, with 401 and a JSON error.
struct ControlAccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let access: ControlAccess

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard access.allows(request) else {
            var response = ControlServer.error(.unauthorized, "this control API needs its token: Authorization: Bearer TOKEN (control.token)")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }
}
