// Where the station's background tasks run. By default on Swift's global executor; a test's
// virtual-time world sets `StationTask.executor` (a task-local, inherited by every task started
// below it) so that all of a station's work runs on one executor it can see become idle.

/// Starts the station's unstructured tasks. Call from any isolation.
public enum StationTask {
    /// The executor background tasks prefer (nil: the global executor). Set with
    /// `StationTask.$executor.withValue(_:operation:)` around the code that starts a station.
    @TaskLocal public static var executor: (any TaskExecutor)?

    /// Starts `operation` as an unstructured task on `executor` when one is set. Unlike `Task {}`,
    /// the task keeps the executor preference of the world it was started in.
    @discardableResult
    public static func spawn<Success: Sendable>(_ operation: sending @escaping () async -> Success) -> Task<Success, Never> {
        Task(executorPreference: executor, operation: operation)
    }
}
