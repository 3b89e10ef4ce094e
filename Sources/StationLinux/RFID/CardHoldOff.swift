// A card resting on a reader is read again and again (RDM6300 modules repeat their frame while
// the card is in the field). The station must see it once, or a held card would start and then
// stop a transaction.

/// Decides which card reads to report: a card is reported when it was not read during the
/// hold-off before; reads of a card still on the reader only extend its hold-off. A value; its
/// owner serialises access.
public struct CardHoldOff<Instant: InstantProtocol>: Sendable where Instant.Duration == Swift.Duration {
    /// How long a card must be away before it is reported again.
    public let holdOff: Duration
    private var lastSeen: [String: Instant] = [:]

    /// A filter with `holdOff`.
    public init(holdOff: Duration) {
        self.holdOff = holdOff
    }

    /// Records a read of `uid` at `now`; returns whether to report it.
    public mutating func shouldReport(_ uid: String, at now: Instant) -> Bool {
        lastSeen = lastSeen.filter { $0.value.duration(to: now) < holdOff }
        let report = lastSeen[uid] == nil
        lastSeen[uid] = now
        return report
    }
}
