// How 2.0.1 idTokens and idTokenInfo map onto the charging core's identifiers: the key a token
// is kept under in the cache and the local list, and an idTokenInfo as the core's IdentifierInfo.

import ChargingCore
import OCPP201
import struct OCPP.Timestamp

/// An idToken as the cache and the local list key it: its type and its text, compared
/// case-insensitively (IdToken is a case-insensitive string).
struct TokenKey201: Hashable, Sendable {
    /// The token's type.
    var type: IdTokenType
    /// The token's text.
    var value: IdentifierToken

    /// The key of `token`.
    init(_ token: IdToken) {
        type = token.type
        value = IdentifierToken(token.idToken.value)
    }
}

extension IdTokenType {
    /// Whether a token of this type is authorized by the station or the CSMS at all: Central
    /// (a CSMS's own token) and NoAuthorization are never sent in an Authorize (C03.FR.01,
    /// C05.FR.01) and are accepted as they are.
    var needsAuthorization: Bool { self != .central && self != .noAuthorization }
}

extension IdTokenInfo {
    /// The core's view: Accepted, Blocked, Expired and ConcurrentTx as they are; every other
    /// 2.0.1 status (Invalid, NoCredit, NotAllowedTypeEVSE, NotAtThisLocation, NotAtThisTime,
    /// Unknown) refuses as Invalid. cacheExpiryDateTime is the expiry, groupIdToken the group.
    var identifierInfo: IdentifierInfo {
        let core: IdentifierStatus = switch status {
        case .accepted: .accepted
        case .blocked: .blocked
        case .expired: .expired
        case .concurrentTx: .concurrentTx
        default: .invalid
        }
        return IdentifierInfo(
            status: core, expiry: cacheExpiryDateTime.map { WallClockTime(millisecondsSince1970: $0.millisecondsSince1970) },
            group: groupIdToken.map { IdentifierToken($0.idToken.value) }
        )
    }

    /// Whether the token may charge on `evseId`: no evseId list allows every EVSE.
    func allows(evseId: Int) -> Bool {
        self.evseId.map { $0.contains(evseId) } ?? true
    }
}
