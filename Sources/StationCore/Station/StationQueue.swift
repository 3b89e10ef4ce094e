// An unbounded queue of values for one consumer: the station's inputs (processed one at a time
// by the actor).

/// An `AsyncStream` with its continuation, made together.
struct StationQueue<Element: Sendable>: Sendable {
    /// What the one consumer reads.
    let stream: AsyncStream<Element>
    /// Where producers yield (from any isolation).
    let continuation: AsyncStream<Element>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Element.self)
    }
}
