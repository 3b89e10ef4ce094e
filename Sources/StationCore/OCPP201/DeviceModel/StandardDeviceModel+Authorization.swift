// The authorization variables of the 2.0.1 device model (AuthCtrlr, AuthCacheCtrlr,
// LocalAuthListCtrlr) beyond those StandardDeviceModel lists, and their typed keys.

extension VariableKey {
    /// AuthCtrlr.Enabled: false starts every session without authorization.
    public static let authEnabled = VariableKey(.authCtrlr, VariableReference(name: "Enabled"))
    /// AuthCtrlr.AuthorizeRemoteStart: a RequestStartTransaction's idToken is authorized first.
    public static let authorizeRemoteStart = VariableKey(.authCtrlr, VariableReference(name: "AuthorizeRemoteStart"))
    /// AuthCtrlr.LocalAuthorizeOffline: offline, the local list and the cache may accept a token.
    public static let localAuthorizeOffline = VariableKey(.authCtrlr, VariableReference(name: "LocalAuthorizeOffline"))
    /// AuthCtrlr.LocalPreAuthorize: online, a token the list or cache accepts starts without Authorize.
    public static let localPreAuthorize = VariableKey(.authCtrlr, VariableReference(name: "LocalPreAuthorize"))
    /// AuthCtrlr.OfflineTxForUnknownIdEnabled: offline, a token nothing local knows is accepted.
    public static let offlineTxForUnknownIdEnabled = VariableKey(.authCtrlr, VariableReference(name: "OfflineTxForUnknownIdEnabled"))
    /// AuthCtrlr.DisableRemoteAuthorization: never send Authorize, decide on the list and cache only.
    public static let disableRemoteAuthorization = VariableKey(.authCtrlr, VariableReference(name: "DisableRemoteAuthorization"))
    /// AuthCtrlr.MasterPassGroupId: tokens of this group stop every transaction and start none.
    public static let masterPassGroupId = VariableKey(.authCtrlr, VariableReference(name: "MasterPassGroupId"))
    /// AuthCacheCtrlr.Enabled.
    public static let authCacheEnabled = VariableKey(.authCacheCtrlr, VariableReference(name: "Enabled"))
    /// AuthCacheCtrlr.LifeTime: seconds an entry lives after it was last used.
    public static let authCacheLifeTime = VariableKey(.authCacheCtrlr, VariableReference(name: "LifeTime"))
    /// AuthCacheCtrlr.Policy: which entries go first when the cache is full.
    public static let authCachePolicy = VariableKey(.authCacheCtrlr, VariableReference(name: "Policy"))
    /// AuthCacheCtrlr.Storage: bytes in use (Actual) and the capacity (maxLimit).
    public static let authCacheStorage = VariableKey(.authCacheCtrlr, VariableReference(name: "Storage"))
    /// LocalAuthListCtrlr.Enabled.
    public static let localAuthListEnabled = VariableKey(.localAuthListCtrlr, VariableReference(name: "Enabled"))
    /// LocalAuthListCtrlr.Entries: entries in the list (Actual) and the most it holds (maxLimit).
    public static let localAuthListEntries = VariableKey(.localAuthListCtrlr, VariableReference(name: "Entries"))
    /// LocalAuthListCtrlr.ItemsPerMessage: the most entries one SendLocalList may carry.
    public static let localAuthListItemsPerMessage = VariableKey(.localAuthListCtrlr, VariableReference(name: "ItemsPerMessage"))
    /// LocalAuthListCtrlr.BytesPerMessage: the longest SendLocalList frame.
    public static let localAuthListBytesPerMessage = VariableKey(.localAuthListCtrlr, VariableReference(name: "BytesPerMessage"))
    /// LocalAuthListCtrlr.Storage: bytes in use (Actual) and the capacity (maxLimit).
    public static let localAuthListStorage = VariableKey(.localAuthListCtrlr, VariableReference(name: "Storage"))
    /// TxCtrlr.StopTxOnInvalidId: a transaction whose token the CSMS does not accept is stopped.
    public static let stopTxOnInvalidId = VariableKey(.txCtrlr, VariableReference(name: "StopTxOnInvalidId"))
}

extension DeviceModel {
    /// The most bytes the authorization cache holds (AuthCacheCtrlr.Storage maxLimit).
    public static let authCacheCapacityBytes = 131_072
    /// The most entries the local list holds (LocalAuthListCtrlr.Entries maxLimit).
    public static let localAuthListCapacity = 5000
    /// The most bytes the local list holds (LocalAuthListCtrlr.Storage maxLimit).
    public static let localAuthListCapacityBytes = 1_048_576

    /// Adds the authorization variables (or replaces the standard model's version of them).
    ///
    /// Choices where the specification leaves one: AuthorizeRemoteStart is false (the CSMS
    /// vouches for the token of its own RequestStartTransaction; true authorizes it first);
    /// MasterPassGroupId has no value (no master pass) until the CSMS sets one; the cache policy
    /// is LRU (LFU and FIFO may be set); Storage and Entries report what is in use, with the
    /// capacity as maxLimit; the station updates them.
    mutating func addAuthorizationVariables() {
        let auth = ComponentReference.authCtrlr, cache = ComponentReference.authCacheCtrlr, list = ComponentReference.localAuthListCtrlr
        func rw(_ component: ComponentReference, _ name: String, _ kind: VariableCharacteristics, _ value: String?) -> DeviceVariable {
            DeviceVariable(component, name, kind, value: value, mutability: .readWrite, persistent: true)
        }
        func used(_ component: ComponentReference, _ name: String, unit: String?, capacity: Int) -> DeviceVariable {
            DeviceVariable(component, name, .integer(unit: unit, min: 0, max: Double(capacity)), value: "0", mutability: .readOnly)
        }
        add(rw(auth, "Enabled", .boolean, "true"))
        add(rw(auth, "AuthorizeRemoteStart", .boolean, "false"))
        add(rw(auth, "DisableRemoteAuthorization", .boolean, "false"))
        add(rw(auth, "MasterPassGroupId", .string(maxLength: 36), nil))
        add(DeviceVariable(cache, "Available", .boolean, value: "true", mutability: .readOnly, constant: true))
        add(rw(cache, "Policy", .list(.optionList, AuthCachePolicy201.allCases.map(\.rawValue)), AuthCachePolicy201.leastRecentlyUsed.rawValue))
        add(used(cache, "Storage", unit: "B", capacity: Self.authCacheCapacityBytes))
        add(DeviceVariable(list, "Available", .boolean, value: "true", mutability: .readOnly, constant: true))
        add(used(list, "Entries", unit: nil, capacity: Self.localAuthListCapacity))
        add(used(list, "Storage", unit: "B", capacity: Self.localAuthListCapacityBytes))
    }

    /// The authorization settings as the variables say now.
    var authorizationSettings: AuthorizationSettings201 {
        AuthorizationSettings201(
            enabled: boolean(.authEnabled) ?? true,
            authorizeRemoteStart: boolean(.authorizeRemoteStart) ?? false,
            localAuthorizeOffline: boolean(.localAuthorizeOffline) ?? true,
            localPreAuthorize: boolean(.localPreAuthorize) ?? true,
            offlineTxForUnknownId: boolean(.offlineTxForUnknownIdEnabled) ?? false,
            disableRemoteAuthorization: boolean(.disableRemoteAuthorization) ?? false,
            masterPassGroupId: value(.masterPassGroupId).flatMap { $0.isEmpty ? nil : $0 },
            cacheEnabled: boolean(.authCacheEnabled) ?? true,
            cacheLifeTimeSeconds: integer(.authCacheLifeTime) ?? 86400,
            cachePolicy: value(.authCachePolicy).flatMap(AuthCachePolicy201.init(rawValue:)) ?? .leastRecentlyUsed,
            localListEnabled: boolean(.localAuthListEnabled) ?? true,
            stopTxOnInvalidId: boolean(.stopTxOnInvalidId) ?? true
        )
    }
}
