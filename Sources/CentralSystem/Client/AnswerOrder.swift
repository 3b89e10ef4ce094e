// The one rule that orders the wire: the answer to a central-system CALL goes out before any
// station-initiated CALL written after that CALL arrived, so nothing it causes can overtake it.

/// Holds station-initiated CALLs back while answers to central-system CALLs are being produced
/// or written.
///
/// The link counts a CSMS CALL from the moment its frame is read (before the station sees it)
/// until its CALLRESULT or CALLERROR has been written. While the count is above zero, a station
/// CALL (BootNotification, StatusNotification, StopTransaction, MeterValues...) waits before it is
/// written. Whatever the station does in reaction to a request (the StopTransaction after a
/// RemoteStopTransaction or a Reset, the StatusNotification after a ChangeAvailability or an
/// UnlockConnector, the message a TriggerMessage asks for) is made after the request arrived, so it
/// follows the answer on the wire, whatever order the station's tasks run in. A CALL already
/// written before the request arrived is not held (it was not caused by it). The answers
/// themselves are never held: the central system's CALLs are answered at once. Owned by the
/// client actor; not thread-safe on its own.
struct AnswerOrder {
    /// Answers being produced or written.
    private(set) var answersInProgress = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Whether a station CALL may be written now.
    var isClear: Bool { answersInProgress == 0 }

    /// A CSMS CALL was read: its answer is on its way.
    mutating func answerStarted() {
        answersInProgress += 1
    }

    /// The answer was written (or could not be): station CALLs go once none is left.
    mutating func answerWritten() {
        answersInProgress -= 1
        guard answersInProgress == 0 else { return }
        let ready = waiters
        waiters = []
        for waiter in ready { waiter.resume() }
    }

    /// Parks a station CALL until the answers in progress are written.
    mutating func wait(_ continuation: CheckedContinuation<Void, Never>) {
        if answersInProgress == 0 {
            continuation.resume()
        } else {
            waiters.append(continuation)
        }
    }
}
